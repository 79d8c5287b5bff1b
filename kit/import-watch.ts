/**
 * Preloaded into a grading process (`--import`) by `npm run grade`, to see what a learner's
 * files really use while they run, which a scan of their source cannot always tell:
 *
 * - every module a learner file imports, including imports whose path is computed at run time;
 * - every export of a learner file that IS a function or class of the exercise's answer
 *   modules under reference/ (or a class built on one), however it was reached.
 *
 * Both go to GRADLINGS_IMPORT_LOG, one JSON object a line (see borrowing.ts for the reading).
 * GRADLINGS_IMPORT_WATCH is the folder whose modules are the learner's (one exercise's, or the
 * whole target when one process grades several exercises) and GRADLINGS_ANSWER_MODULES the
 * answer modules of every exercise the process may grade. A process that grades several says
 * which one is running (begin) and when it is over (finish), so that each exercise's exports are
 * compared with its own answer modules only; see child.ts.
 */
import { appendFileSync } from "node:fs";
import { register } from "node:module";

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

if (log && watched) {
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
