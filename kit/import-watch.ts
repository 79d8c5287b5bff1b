/**
 * Preloaded into a grading process (`--import`) by `npm run grade`, to see what a learner's
 * files really use while they run, which a scan of their source cannot always tell:
 *
 * - every module a learner file imports, including imports whose path is computed at run time;
 * - every export of a learner file that IS a function or class of the exercise's answer
 *   modules under reference/ (or a class built on one), however it was reached.
 *
 * Both go to GRADLINGS_IMPORT_LOG, one JSON object a line (see borrowing.ts for the reading).
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

/** Learner exports that are the answer modules' own functions or classes. */
function compareIdentities(): void {
  if (!log || !watched) return;
  const seen = ((globalThis as Record<symbol, unknown>)[registryKey] ?? []) as Seen[];
  const reference = new Map<Callable, string>();
  for (const { url, module } of seen) {
    if (url.startsWith(watched)) continue;
    for (const [, value] of exportsOf(module)) if (isCallable(value)) reference.set(value, url);
  }
  if (reference.size === 0) return;
  for (const { url, module } of seen) {
    if (!url.startsWith(watched)) continue;
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

if (log && watched) {
  register("./import-watch-hooks.ts", import.meta.url, { data: { log, watched, answers } });
  process.on("exit", () => {
    try {
      compareIdentities();
    } catch {
      // A safeguard only: the grade stands on the checks.
    }
  });
}
