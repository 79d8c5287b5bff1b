/**
 * Mutants: known-wrong learner variants from the catalogue of mistakes. Each is a small JSON
 * file of edits to the solution (so it never drifts from it) and the diagnostic it must get.
 * `materialiseMutant` writes the edited files into a folder laid out like exercises/, which
 * GRADLINGS_TARGET can then point at.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { ExerciseSpec } from "./exercise.ts";
import { courseFolder, repoRoot, stateDir } from "./paths.ts";

export interface MutantEdit {
  readonly file: string;
  /** Text that must occur exactly once in the solution file. */
  readonly find: string;
  readonly replace: string;
}

export interface Mutant {
  readonly slug: string;
  readonly name: string;
  /** The mistake from the catalogue, as the learner would make it. */
  readonly description: string;
  readonly edits: readonly MutantEdit[];
  readonly expect: {
    /** The check that must fail. */
    readonly check: string;
    /** Text the failure message must contain. */
    readonly message: string;
    /** The known-mistake name the check must report, when it names one. */
    readonly mistake?: string;
  };
}

type ExerciseFolders = Pick<ExerciseSpec, "slug" | "track" | "id">;

/**
 * Alternatives are the opposite of mutants: other correct ways to write the solution (division
 * as b ** -1, an iterative backward, ...) that a grader must accept. Same file format, no `expect`.
 */
export function listAlternatives(exercise: ExerciseFolders): Mutant[] {
  return listVariants(exercise, "alternatives");
}

export function listMutants(exercise: ExerciseFolders): Mutant[] {
  return listVariants(exercise, "mutants");
}

function listVariants(exercise: ExerciseFolders, kind: "mutants" | "alternatives"): Mutant[] {
  const slug = exercise.slug;
  const folder = join(courseFolder(exercise), kind);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const spec = JSON.parse(readFileSync(join(folder, f), "utf8")) as Omit<
        Mutant,
        "slug" | "name"
      >;
      return { ...spec, slug, name: f.replace(/\.json$/, "") };
    });
}

/** Writes the mutant beside the solution's other files and returns the target folder. */
export function materialiseMutant(mutant: Mutant): string {
  const target = join(stateDir, "mutants", mutant.slug, mutant.name);
  const folder = join(target, mutant.slug);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  cpSync(join(repoRoot, "solutions", mutant.slug), folder, { recursive: true });
  for (const edit of mutant.edits) {
    const path = join(folder, edit.file);
    const text = readFileSync(path, "utf8");
    const count = text.split(edit.find).length - 1;
    if (count !== 1) {
      throw new Error(
        `mutant ${mutant.slug}/${mutant.name}: the text to replace occurs ${count} times in ${edit.file}, not once: ${JSON.stringify(edit.find)}`,
      );
    }
    writeFileSync(
      path,
      text.replace(edit.find, () => edit.replace),
    );
  }
  return target;
}
