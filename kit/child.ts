/**
 * The grading process: imports a grader, runs its checks in order, and writes one JSON event a
 * line to file descriptor 3 as it goes, synchronously, so that the supervising process knows
 * which check was running even if learner code never returns.
 *
 *   node --import tsx kit/child.ts <grader file> <exercise name>
 *   node --import tsx --import kit/grading-hooks.ts kit/child.ts --serve
 *
 * The first grades one exercise; run by hand (without GRADLINGS_EVENT_FD=3) it prints the
 * events to stdout. The second is how supervise.ts runs it: it reads exercises of one target
 * from stdin, one JSON task a line, and grades them in turn while nothing the learner's code
 * did can reach the next one (isolation.ts); otherwise it says why and ends, and the next
 * exercise gets a fresh process.
 */
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as checkModule from "./check.ts";
import {
  CheckFailure,
  clearRegisteredChecks,
  LoadFailure,
  registeredChecks,
  takeNotes,
} from "./check.ts";
import * as diagnoseModule from "./diagnose.ts";
import { describeError } from "./diagnose.ts";
import type { WatchControl } from "./import-watch.ts";
import * as isolation from "./isolation.ts";
import * as kitFailureModule from "./kit-failure.ts";
import { KitFailure } from "./kit-failure.ts";
import type { GraderEvent } from "./results.ts";
import { readStdinLine } from "./stdin-lines.ts";
import * as targetModule from "./target.ts";
import { setGradedExercise } from "./target.ts";

/** One exercise for a serving process, as supervise.ts writes it on stdin. */
export interface ChildTask {
  readonly slug: string;
  /** The grader's path. */
  readonly grader: string;
  /** File URL of the exercise's folder in the target (real path, ends with "/"). */
  readonly folder: string;
  /** File URLs of the exercise's answer modules, for the import watch. */
  readonly answers: readonly string[];
}

const eventFd = process.env["GRADLINGS_EVENT_FD"] === "3" ? 3 : 1;

function emit(event: GraderEvent): void {
  // A check's result carries the notes it left, whatever its verdict.
  const notes = event.type === "result" ? takeNotes() : [];
  const full = notes.length > 0 ? { ...event, notes } : event;
  writeSync(eventFd, `${JSON.stringify(full)}\n`);
}

const watch = (globalThis as Record<symbol, unknown>)[Symbol.for("gradlings.import-watch")] as
  | WatchControl
  | undefined;

/** Grades one exercise; false when its grader could not even be loaded. */
async function gradeOne(grader: string, slug: string): Promise<boolean> {
  clearRegisteredChecks();
  setGradedExercise(slug);
  try {
    await import(pathToFileURL(grader).href);
  } catch (error) {
    emit({
      type: "fatal",
      message: `The grader for ${slug} could not be loaded: ${describeError(error)}`,
    });
    return false;
  }
  const checks = registeredChecks();
  emit({ type: "checks", checks: checks.map(({ id, title, points }) => ({ id, title, points })) });
  for (const check of checks) {
    emit({ type: "start", id: check.id });
    const started = performance.now();
    try {
      await check.run();
      emit({
        type: "result",
        id: check.id,
        status: "passed",
        message: "",
        durationMs: performance.now() - started,
      });
    } catch (error) {
      const durationMs = performance.now() - started;
      if (error instanceof CheckFailure) {
        emit({
          type: "result",
          id: check.id,
          status: error instanceof LoadFailure ? "error" : "failed",
          message: error.message,
          ...(error.code === undefined ? {} : { code: error.code }),
          ...(error.mistake === undefined ? {} : { mistake: error.mistake }),
          ...(error instanceof LoadFailure ? { loadFailure: true as const } : {}),
          durationMs,
        });
      } else if (error instanceof KitFailure) {
        emit({
          type: "result",
          id: check.id,
          status: "error",
          message: error.message,
          fault: "kit",
          durationMs,
        });
      } else if (error instanceof Error && error.name === "TodoError") {
        emit({
          type: "result",
          id: check.id,
          status: "failed",
          message: `Not implemented yet: ${error.message}`,
          durationMs,
        });
      } else {
        emit({
          type: "result",
          id: check.id,
          status: "error",
          message: `Your code crashed: ${describeError(error)}`,
          durationMs,
        });
      }
    }
  }
  return true;
}

async function serve(): Promise<void> {
  // Told it grades one exercise only, the process skips the checks that reuse would need.
  const once = process.env["GRADLINGS_ISOLATION"] === "off";
  if (!once) {
    for (const [name, module] of [
      ["check.ts", checkModule],
      ["diagnose.ts", diagnoseModule],
      ["kit-failure.ts", kitFailureModule],
      ["target.ts", targetModule],
    ] as const)
      isolation.recordModule(`kit/${name}`, module);
    isolation.recordBaseline();
  }
  for (let line = readStdinLine(); line !== undefined; line = readStdinLine()) {
    if (line.trim() === "") continue;
    const task = JSON.parse(line) as ChildTask;
    emit({ type: "begin", slug: task.slug });
    watch?.begin(task.folder, task.answers);
    const loaded = await gradeOne(task.grader, task.slug);
    watch?.finish();
    const why = once
      ? "it grades one exercise only"
      : loaded
        ? isolation.leftBehind()
        : "its grader could not be loaded";
    emit({ type: "done", reusable: why === undefined, ...(why === undefined ? {} : { why }) });
    if (why !== undefined) return;
  }
}

process.on("uncaughtException", (error) => {
  emit({ type: "fatal", message: `Your code crashed outside a check: ${describeError(error)}` });
  process.exit(1);
});
process.on("unhandledRejection", (error) => {
  emit({
    type: "fatal",
    message: `A promise in your code was rejected and nothing caught it: ${describeError(error)}`,
  });
  process.exit(1);
});

const [first, second] = process.argv.slice(2);
if (first === "--serve") {
  await serve();
} else if (first && second) {
  if (await gradeOne(first, second)) emit({ type: "done" });
} else {
  process.stderr.write(
    "usage: node --import tsx kit/child.ts <grader file> <exercise name>\n" +
      "       node --import tsx --import kit/grading-hooks.ts kit/child.ts --serve\n",
  );
  process.exit(2);
}
// Learner code may leave timers or handles open; the verdicts are written, so leave now.
process.exit(0);
