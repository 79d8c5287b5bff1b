/**
 * Preloaded into a grading process (`--import`) by `npm run grade`, to see what a learner's
 * files really use while they run, which a scan of their source cannot always tell:
 *
 * - every module a learner file imports, including imports whose path is computed at run time;
 * - every export of a learner file that IS a function or class of the exercise's answer
 *   modules under reference/ (or a class built on one), however it was reached.
 *
 * - every CommonJS require a learner file makes (`createRequire(import.meta.url)(path)`), which
 *   Node's module hooks do not see, and every file of the kit's answers (solutions, the grading
 *   kit, the exercise's answer modules) that learner code reads from disk, to evaluate it.
 *
 * Both go to GRADLINGS_IMPORT_LOG, one JSON object a line (see borrowing.ts for the reading).
 * GRADLINGS_IMPORT_WATCH is the folder whose modules are the learner's (one exercise's, or the
 * whole target when one process grades several exercises) and GRADLINGS_ANSWER_MODULES the
 * answer modules of every exercise the process may grade. A process that grades several says
 * which one is running (begin) and when it is over (finish), so that each exercise's exports are
 * compared with its own answer modules only; see child.ts.
 */
import fs, { appendFileSync, realpathSync } from "node:fs";
import { createRequire, register, syncBuiltinESMExports } from "node:module";
import { dirname, join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const log = process.env["GRADLINGS_IMPORT_LOG"];
const watched = process.env["GRADLINGS_IMPORT_WATCH"];
const answers: string[] = JSON.parse(process.env["GRADLINGS_ANSWER_MODULES"] ?? "[]");
const registryKey = Symbol.for("gradlings.watched-modules");

interface Seen {
  readonly url: string;
  readonly module: Record<string, unknown>;
}

type Callable = (...args: never[]) => unknown;
const isCallable = (value: unknown): value is Callable => typeof value === "function";

function exportsOf(module: Record<string, unknown>): [string, unknown][] {
  try {
    return Object.entries(module);
  } catch {
    return []; // The module did not finish loading; the grader has said why.
  }
}

/** Learner exports under `folder` that are the `answerUrls` modules' own functions or classes. */
function compareIdentities(folder: string, answerUrls: readonly string[]): void {
  if (!log) return;
  const seen = ((globalThis as Record<symbol, unknown>)[registryKey] ?? []) as Seen[];
  const reference = new Map<Callable, string>();
  for (const { url, module } of seen) {
    if (url.startsWith(folder) || !answerUrls.includes(url.split("?")[0]!)) continue;
    for (const [, value] of exportsOf(module)) if (isCallable(value)) reference.set(value, url);
  }
  if (reference.size === 0) return;
  for (const { url, module } of seen) {
    if (!url.startsWith(folder)) continue;
    for (const [name, value] of exportsOf(module)) {
      if (!isCallable(value)) continue;
      let how: "same" | "subclass" | undefined;
      let from = reference.get(value);
      if (from !== undefined) how = "same";
      for (let proto: unknown = Object.getPrototypeOf(value); !how && isCallable(proto); ) {
        from = reference.get(proto);
        if (from !== undefined) how = "subclass";
        proto = Object.getPrototypeOf(proto);
      }
      if (how && from)
        appendFileSync(
          log,
          `${JSON.stringify({ type: "identity", file: url, name, module: from, how })}\n`,
        );
    }
  }
}

/** The exercise being graded, when the process said (see WatchControl). */
let current: { readonly folder: string; readonly answers: readonly string[] } | undefined;
let toldExercises = false;

function finish(): void {
  const exercise =
    current ?? (toldExercises || !watched ? undefined : { folder: watched, answers });
  current = undefined;
  if (!exercise) return;
  try {
    compareIdentities(exercise.folder, exercise.answers);
  } catch {
    // A safeguard only: the grade stands on the checks.
  }
}

/** How a grading process that grades several exercises tells the watch which one is running. */
export interface WatchControl {
  /** `folder`: file URL of the exercise's folder, ending with "/"; `answers`: its answer modules' URLs. */
  begin(folder: string, answers: readonly string[]): void;
  /** Compares the exercise's exports with its answer modules and logs what is borrowed. */
  finish(): void;
}

export const watchControlKey = Symbol.for("gradlings.import-watch");

/** What CommonJS's loader needs of a module to name the file that requires. */
interface RequiringModule {
  readonly filename?: string;
}
type ResolveFilename = (
  request: string,
  parent: RequiringModule | undefined,
  ...rest: unknown[]
) => string;

/** Whether a file path or URL string is inside the learner's folder (a file URL ending with "/"). */
function isLearnerPath(path: string, folder: string): boolean {
  return path.startsWith(folder) || pathToFileURL(path).href.startsWith(folder);
}

/** The learner's file that is running now, from the call stack, if any. */
function learnerFrame(folder: string): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const folderPath = fileURLToPath(folder);
  for (const match of stack.matchAll(/(file:\/\/[^\s)]+?|\/[^\s():]+?):\d+:\d+/g)) {
    const where = match[1]!;
    if (where.startsWith(folder)) return where;
    if (where.startsWith(folderPath)) return pathToFileURL(where).href;
  }
  return undefined;
}

/**
 * CommonJS requires from learner files, and reads of the kit's answer files while learner code
 * runs, as import records (see borrowing.ts): Node's module hooks see neither.
 */
function watchRequiresAndReads(logFile: string, folder: string): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  const guarded = ["solutions", "kit", "course"].map((f) => real(join(root, f)) + sep);
  const answerPaths = answers.map((url) => fileURLToPath(url).replace(/\.[cm]?[jt]sx?$/, ""));
  const isAnswerFile = (path: string) => {
    const file = real(path);
    return (
      guarded.some((g) => file.startsWith(g)) ||
      answerPaths.some((a) => file.replace(/\.[cm]?[jt]sx?$/, "") === a)
    );
  };
  const write = (record: Record<string, string>) => {
    try {
      appendFileSync(logFile, `${JSON.stringify(record)}\n`);
    } catch {
      // A safeguard only: the grade stands on the checks.
    }
  };

  const Module = createRequire(import.meta.url)("node:module") as {
    _resolveFilename: ResolveFilename;
  };
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (this: unknown, request, parent, ...rest) {
    const resolved = resolveFilename.call(this, request, parent, ...rest);
    const from = parent?.filename;
    if (from && isLearnerPath(from, folder) && resolved.startsWith(sep))
      write({
        from: pathToFileURL(from).href,
        to: pathToFileURL(resolved).href,
        specifier: request,
        how: "require",
      });
    return resolved;
  };

  const pathOf = (file: unknown): string | undefined => {
    if (typeof file === "string") return file.startsWith("file:") ? fileURLToPath(file) : file;
    if (file instanceof URL && file.protocol === "file:") return fileURLToPath(file);
    return undefined;
  };
  const noteRead = (file: unknown) => {
    const path = pathOf(file);
    if (path === undefined || !isAnswerFile(path)) return;
    const from = learnerFrame(folder);
    if (from === undefined || isLearnerPath(real(path), folder)) return;
    write({ from, to: pathToFileURL(real(path)).href, specifier: path, how: "read" });
  };
  const readers = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["readFileSync", "readFile", "createReadStream", "openSync", "open"]) {
    const original = readers[name]!;
    readers[name] = function (this: unknown, ...args: unknown[]) {
      noteRead(args[0]);
      return original.apply(this, args);
    };
  }
  const promises = fs.promises as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["readFile", "open"]) {
    const original = promises[name]!;
    promises[name] = function (this: unknown, ...args: unknown[]) {
      noteRead(args[0]);
      return original.apply(this, args);
    };
  }
  // `import { readFileSync } from "node:fs"` sees the wrapped functions too.
  syncBuiltinESMExports();
}

if (log && watched) {
  watchRequiresAndReads(log, watched);
  // Made here, not by the first module to load, so that it is there before any learner code.
  (globalThis as Record<symbol, unknown>)[registryKey] ??= [];
  register("./import-watch-hooks.ts", import.meta.url, { data: { log, watched, answers } });
  const control: WatchControl = {
    begin(folder, exerciseAnswers) {
      toldExercises = true;
      current = { folder, answers: exerciseAnswers };
    },
    finish,
  };
  (globalThis as Record<symbol, unknown>)[watchControlKey] = control;
  process.on("exit", finish);
}
