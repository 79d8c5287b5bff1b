/**
 * Loads the implementation a grader grades: the learner's file, the solution, or a mutant,
 * chosen by GRADLINGS_TARGET (see paths.ts), never by editing imports. Loading is lazy so
 * that a file that fails to load fails every check with one clear sentence, not the grader.
 */
import { pathToFileURL } from "node:url";
import { CheckFailure, LoadFailure } from "./check.ts";
import { describeError } from "./diagnose.ts";
import { learnerCodeStarts } from "./isolation.ts";
import { displayPath, targetFile } from "./paths.ts";

/** Loads the learner's module once; `file` is its name in the exercise's folder. */
export type Loader<T> = (() => Promise<T>) & { readonly file: string };

/**
 * The learner's `file` in the folder of the exercise being graded (the grading process names
 * it, see child.ts), so that a grader never spells its exercise's folder name.
 */
export function loadTarget<T>(file: string, expectedExports: readonly string[] = []): Loader<T> {
  let loaded: Promise<T> | undefined;
  const loader = () => {
    loaded ??= load<T>(gradedExercise(), file, expectedExports);
    return loaded;
  };
  return Object.assign(loader, { file });
}

let graded: string | undefined;

/** Called by the grading process before it imports the grader: the exercise's folder name. */
export function setGradedExercise(slug: string): void {
  graded = slug;
}

function gradedExercise(): string {
  if (graded === undefined)
    throw new Error("No exercise is being graded: graders run through kit/child.ts.");
  return graded;
}

async function load<T>(slug: string, file: string, expectedExports: readonly string[]): Promise<T> {
  let path: string;
  try {
    path = targetFile(slug, file);
  } catch (error) {
    throw new LoadFailure((error as Error).message);
  }
  let module: Record<string, unknown>;
  learnerCodeStarts();
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new LoadFailure(`${displayPath(path)} could not be loaded: ${describeError(error)}`);
  }
  const missing = expectedExports.filter((name) => !(name in module));
  if (missing.length > 0) {
    throw new CheckFailure(
      `${displayPath(path)} does not export ${missing.map((m) => `\`${m}\``).join(", ")}; the grader needs ${missing.length === 1 ? "it" : "them"} (keep the names the stub has).`,
    );
  }
  return module as T;
}
