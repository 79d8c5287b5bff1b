/**
 * Compile first: a learner's file is type-checked (the kit's own TypeScript, with the kit's
 * settings) alongside its grading run, as rustlings compiles before it runs. `a.mul(3)` storing
 * a raw 3 in `prev` may pass every behaviour check, but tsc names the bug at its line: a file
 * with type errors does not pass, and the errors are reported as the first failed check.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ExerciseSpec } from "./exercise.ts";
import { displayPath, repoRoot, stateDir } from "./paths.ts";

export interface TypeProblem {
  /** As the learner should see it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** TypeScript's number for the error, e.g. 2345. */
  readonly code: number;
  readonly message: string;
}

// The package's own entry point for its command (typescript exports no ./bin path).
const tsc = join(
  dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin",
  "tsc",
);

/**
 * Type-checks the exercise's learner files in `root` (a folder laid out like exercises/).
 * Resolves to the problems found in those files (errors tsc reports elsewhere, such as in the
 * kit, are not the learner's), or to [] when tsc cannot run at all: a missing compiler must
 * never cost a learner their grade.
 */
export async function typecheckExercise(
  exercise: ExerciseSpec,
  root: string,
): Promise<TypeProblem[]> {
  return (await typecheckTargets([{ root, exercises: [exercise] }]))(root, exercise);
}

/** Exercises of one target (a folder laid out like exercises/), for typecheckTargets. */
export interface TargetFiles {
  readonly root: string;
  readonly exercises: readonly ExerciseSpec[];
}

/** Each exercise's problems in one target, as typecheckTargets found them. */
export type TypeProblemsOf = (root: string, exercise: ExerciseSpec) => TypeProblem[];

let checks = 0;

/**
 * typecheckExercise for many exercises of many targets (a whole roster) with one run of tsc:
 * starting tsc and reading the kit's reference cost far more than checking a learner's file.
 */
export async function typecheckTargets(targets: readonly TargetFiles[]): Promise<TypeProblemsOf> {
  const filesOf = (root: string, exercise: ExerciseSpec) =>
    exercise.files.map((f) => resolve(root, exercise.slug, f));
  const files = targets.flatMap((t) => t.exercises.flatMap((e) => filesOf(t.root, e)));
  // A timeout that grows with the files: a roster's worth takes longer than one learner's.
  const first = await runTsc(files, 30_000 + 2_000 * targets.length);
  if (first === null) return () => [];
  // tsc reports no type errors at all while any file has a syntax error (TS1xxx): the files
  // that parse are checked again without those, or one learner's (one mutant's) missing
  // bracket would hide every other file's type errors.
  const unparsed = new Set(files.filter((f) => first([f]).some((p) => p.code < 2000)));
  const parsed = files.filter((f) => !unparsed.has(f));
  const second =
    unparsed.size > 0 && parsed.length > 0
      ? await runTsc(parsed, 30_000 + 2_000 * targets.length)
      : first;
  return (root, exercise) => {
    const mine = filesOf(root, exercise);
    if (mine.some((f) => unparsed.has(f))) return first(mine);
    return second === null ? [] : second(mine);
  };
}

/**
 * One run of tsc over `files` with the kit's settings: a function giving the problems in any of
 * them, or null when tsc could not run (not found, killed).
 */
function runTsc(
  files: readonly string[],
  timeout: number,
): Promise<((learnerFiles: readonly string[]) => TypeProblem[]) | null> {
  const folder = join(stateDir, "typecheck", `${process.pid}-${++checks}-${Date.now()}`);
  mkdirSync(folder, { recursive: true });
  const config = join(folder, "tsconfig.json");
  const fromConfig = (path: string) => relative(folder, path).split("\\").join("/");
  writeFileSync(
    config,
    JSON.stringify({
      extends: fromConfig(join(repoRoot, "tsconfig.json")),
      include: [],
      files: files.map(fromConfig),
      compilerOptions: {
        // Files outside the kit (an instructor's --target) have no package.json saying they
        // are ES modules; the bundler mode reads them the way tsx runs them, and `paths` lets
        // them reach the kit's reference as they do at run time.
        module: "esnext",
        moduleResolution: "bundler",
        paths: { "#reference/*": [fromConfig(join(repoRoot, "reference")) + "/*"] },
        typeRoots: [fromConfig(join(repoRoot, "node_modules", "@types"))],
        incremental: false,
      },
    }),
  );
  return new Promise((done) => {
    execFile(
      process.execPath,
      [tsc, "--noEmit", "--pretty", "false", "-p", config],
      { cwd: folder, timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        rmSync(folder, { recursive: true, force: true });
        // tsc exits 1 or 2 when it found errors; anything else (not found, killed) is the kit's.
        const exit = (error as { code?: unknown } | null)?.code;
        const failed = error !== null && exit !== 1 && exit !== 2;
        done(failed ? null : (learnerFiles) => parseProblems(stdout, folder, learnerFiles));
      },
    );
  });
}

/** tsc's plain output: `path(line,col): error TS2345: message`, continuation lines indented. */
export function parseProblems(
  output: string,
  base: string,
  learnerFiles: readonly string[],
): TypeProblem[] {
  const problems: TypeProblem[] = [];
  const wanted = new Set(learnerFiles.map((f) => resolve(f)));
  for (const line of output.split("\n")) {
    const match = /^(.+?)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(line);
    if (match) {
      const path = isAbsolute(match[1]!) ? match[1]! : resolve(base, match[1]!);
      if (!wanted.has(path)) continue;
      problems.push({
        file: displayPath(path),
        line: Number(match[2]),
        column: Number(match[3]),
        code: Number(match[4]),
        message: match[5]!,
      });
    } else if (/^\s+\S/.test(line) && problems.length > 0) {
      const last = problems.pop()!;
      problems.push({ ...last, message: `${last.message} ${line.trim()}` });
    }
  }
  return problems;
}

/** One sentence, in plain words, of what the commonest errors mean. */
const meanings: Readonly<Record<number, string>> = {
  2322: "a value of one type is stored where another type belongs",
  2345: "a call passes an argument of the wrong type",
  2339: "the code uses a property or method that this type does not have",
  2304: "the code uses a name that is not defined here: a missing import, or a typo",
  2305: "the code imports a name that the module does not export",
  2307: "the code imports a module that does not exist at that path",
  2554: "a call passes the wrong number of arguments",
  2355: "a function that promises a return value can end without returning one",
  2366: "a function that promises a return value can end without returning one",
  7006: "a parameter has no type, and the kit's settings ask for one",
  7005: "a variable has no type, and the kit's settings ask for one",
  18048: "a value that may be undefined is used as if it were always there",
  2532: "a value that may be undefined is used as if it were always there",
  2769: "no version of this function accepts these arguments",
};

/** The failed check's message: the first errors at the learner's lines, with what they mean. */
export function describeProblems(problems: readonly TypeProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => {
    const meaning = meanings[p.code];
    return `${p.file}:${p.line}:${p.column}: ${p.message}${meaning ? ` (That is: ${meaning}.)` : ""}`;
  });
  const more = problems.length > 3 ? ` …and ${problems.length - 3} more.` : "";
  return `Your file does not type-check, so its checks' points do not count yet. ${shown.join(" ")}${more} Run \`npx tsc --noEmit -p .\` to see every error.`;
}
