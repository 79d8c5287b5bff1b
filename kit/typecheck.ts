/**
 * Compile first: a learner's file is type-checked (the kit's own TypeScript, with the kit's
 * settings) alongside its grading run, as rustlings compiles before it runs. `a.mul(3)` storing
 * a raw 3 in `prev` may pass every behaviour check, but tsc names the bug at its line: a file
 * with type errors does not pass, and the errors are reported as the first failed check.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ExerciseSpec } from "./exercise.ts";
import { displayPath, repoRoot, stateDir } from "./paths.ts";
import { cachedProblems, folderKey, keepProblems } from "./typecheck-cache.ts";

export interface TypeProblem {
  /** As the learner should see it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** TypeScript's number for the error, e.g. 2345. */
  readonly code: number;
  readonly message: string;
}

/**
 * The compiler, as a command: TypeScript 7's tsc is a native program in a package for this
 * platform, which the typescript package's bin/tsc only starts, from a Node process of its own
 * (on Node 20, one that stays and waits). Started directly it saves that Node, a tenth of a
 * second of CPU on every verdict; the package's own entry point is the fallback.
 */
function compilerCommand(): readonly string[] {
  const typescript = dirname(createRequire(import.meta.url).resolve("typescript/package.json"));
  try {
    const native = dirname(
      createRequire(join(typescript, "package.json")).resolve(
        `@typescript/typescript-${process.platform}-${process.arch}/package.json`,
      ),
    );
    const exe = join(native, "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    if (existsSync(exe)) return [exe];
  } catch {
    // Not installed as a package of its own (an older TypeScript): its entry point knows.
  }
  // The package's own entry point for its command (typescript exports no ./bin path).
  return [process.execPath, join(typescript, "bin", "tsc")];
}

let compiler: readonly string[] | undefined;

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
let compilerRuns = 0;

/** How many times this process has started tsc (for the tests of the kept verdicts). */
export function compilerRunCount(): number {
  return compilerRuns;
}

/** TypeScript's syntax errors are numbered 1000 to 1999; type errors from 2000 on. */
const isSyntaxError = (problem: TypeProblem) => problem.code >= 1000 && problem.code < 2000;

/**
 * typecheckExercise for many exercises of many targets (a whole roster) with one run of tsc:
 * starting tsc and reading the kit's reference cost far more than checking a learner's file.
 * tsc reports no type errors at all while any file has a syntax error, so when some files
 * have one, the others are checked again without them (one more run of tsc).
 */
export async function typecheckTargets(targets: readonly TargetFiles[]): Promise<TypeProblemsOf> {
  const first = await runTsc(targets);
  const clean = targets
    .map((t) => ({
      root: t.root,
      exercises: t.exercises.filter((e) => !first(t.root, e).some(isSyntaxError)),
    }))
    .filter((t) => t.exercises.length > 0);
  const cleanCount = clean.reduce((sum, t) => sum + t.exercises.length, 0);
  const total = targets.reduce((sum, t) => sum + t.exercises.length, 0);
  if (cleanCount === 0 || cleanCount === total) return first;
  const second = await runTsc(clean);
  const checkedAgain = new Set(
    clean.flatMap((t) => t.exercises.map((e) => `${t.root}\0${e.slug}`)),
  );
  return (root, exercise) =>
    (checkedAgain.has(`${root}\0${exercise.slug}`) ? second : first)(root, exercise);
}

/**
 * One run of tsc over every learner file of `targets`. One learner's verdicts are kept by
 * content (typecheck-cache.ts): when every exercise asked for is unchanged since tsc last
 * judged it, tsc does not run. A roster's are not kept; each learner of a class is graded once.
 */
async function runTsc(targets: readonly TargetFiles[]): Promise<TypeProblemsOf> {
  compiler ??= compilerCommand();
  const command = compiler;
  const filesOf = (root: string, exercise: ExerciseSpec) =>
    exercise.files.map((f) => resolve(root, exercise.slug, f));
  const mine = targets.length === 1 ? targets[0]! : undefined;
  const keys = new Map<string, string>();
  if (mine) {
    const kept = new Map(
      mine.exercises.map((e) => [e.slug, cachedProblems(mine.root, e, command)] as const),
    );
    if ([...kept.values()].every((problems) => problems !== undefined))
      return (_root, exercise) => kept.get(exercise.slug) ?? [];
    for (const e of mine.exercises) keys.set(e.slug, folderKey(mine.root, e, command));
  }
  const files = targets.flatMap((t) => t.exercises.flatMap((e) => filesOf(t.root, e)));
  const folder = join(stateDir, "typecheck", `${process.pid}-${++checks}-${Date.now()}`);
  mkdirSync(folder, { recursive: true });
  const flags = [
    // The files tsc read, for the kept verdict.
    ...(mine ? ["--listFiles"] : []),
    // One learner's verdict: the grading process has the other core; tsc's threads would
    // take it from the checks for no saving in CPU.
    ...(mine ? ["--singleThreaded"] : []),
  ];
  // A roster's worth of files takes longer than one learner's.
  const timeout = 30_000 + 2_000 * targets.length;
  try {
    // Files that import nothing but each other (micrograd's) are first checked without Node's
    // types, which are most of what tsc reads. Without an error anywhere, that verdict stands:
    // Node's types only add names. Any error at all, and the full check decides.
    let run =
      mine && files.every(importsOnlyRelative)
        ? await runCompiler(command, writeConfig(folder, files, true), flags, timeout)
        : undefined;
    if (run?.exit !== 0)
      run = await runCompiler(command, writeConfig(folder, files, false), flags, timeout);
    const { exit, stdout } = run;
    // tsc exits 1 or 2 when it found errors; anything else (not found, killed) is the kit's.
    const failed = exit !== 0 && exit !== 1 && exit !== 2;
    const problemsOf: TypeProblemsOf = (root, exercise) =>
      failed ? [] : parseProblems(stdout, folder, filesOf(root, exercise));
    if (mine && !failed) {
      const listed = listedFiles(stdout);
      // Beside a file that does not parse, tsc reported no type errors anywhere: only that
      // file's verdict (its syntax errors, until it changes) is the one to keep.
      const broken = mine.exercises.filter((e) => problemsOf(mine.root, e).some(isSyntaxError));
      for (const e of broken.length > 0 ? broken : mine.exercises)
        keepProblems(mine.root, e, keys.get(e.slug)!, listed, problemsOf(mine.root, e));
    }
    return problemsOf;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Whether a learner file imports only files beside it (`./x.ts`, `../y.ts`), or nothing. */
function importsOnlyRelative(file: string): boolean {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  if (/\brequire\s*\(|\bimport\s*\(/.test(source)) return false;
  const specifiers = [...source.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']/g)];
  return specifiers.every((m) => (m[1] ?? m[2] ?? "").startsWith("."));
}

/**
 * The lean check's stand-in for Node's console, so that a learner's debugging prints do not
 * send every check to the full one. No more permissive than Node's (which takes anything).
 */
const leanConsole = `declare var console: {
  log(...data: unknown[]): void;
  error(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  info(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
`;

/** Writes the check's tsconfig.json (lean: without Node's types) in `folder`; returns its path. */
function writeConfig(folder: string, files: readonly string[], lean: boolean): string {
  const config = join(folder, lean ? "tsconfig.lean.json" : "tsconfig.json");
  const fromConfig = (path: string) => relative(folder, path).split("\\").join("/");
  const stand = join(folder, "lean-console.d.ts");
  if (lean) writeFileSync(stand, leanConsole);
  writeFileSync(
    config,
    JSON.stringify({
      extends: fromConfig(join(repoRoot, "tsconfig.json")),
      include: [],
      files: [...files, ...(lean ? [stand] : [])].map(fromConfig),
      compilerOptions: {
        // Files outside the kit (an instructor's --target) have no package.json saying they
        // are ES modules; the bundler mode reads them the way tsx runs them, and `paths` lets
        // them reach the kit's reference as they do at run time.
        module: "esnext",
        moduleResolution: "bundler",
        paths: { "#reference/*": [fromConfig(join(repoRoot, "reference")) + "/*"] },
        typeRoots: [fromConfig(join(repoRoot, "node_modules", "@types"))],
        ...(lean ? { types: [] } : {}),
        incremental: false,
      },
    }),
  );
  return config;
}

/** One run of tsc: its exit code (or why it did not exit: a signal, a spawn error) and output. */
function runCompiler(
  command: readonly string[],
  config: string,
  flags: readonly string[],
  timeout: number,
): Promise<{ exit: unknown; stdout: string }> {
  compilerRuns++;
  return new Promise((done) => {
    execFile(
      command[0]!,
      [...command.slice(1), "--noEmit", "--pretty", "false", ...flags, "-p", config],
      { cwd: dirname(config), timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) =>
        done({
          exit: error === null ? 0 : ((error as { code?: unknown }).code ?? "killed"),
          stdout,
        }),
    );
  });
}

/** The files --listFiles printed: whole lines that are absolute paths, not errors. */
function listedFiles(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => isAbsolute(line) && !/\(\d+,\d+\): error TS\d+/.test(line));
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
