/**
 * The grading process: imports one grader, runs its checks in order, and writes one JSON
 * event a line to file descriptor 3 as it goes, synchronously, so that the supervising
 * process knows which check was running even if learner code never returns.
 *
 *   node --import tsx kit/child.ts <grader file> <exercise name>
 *
 * Run by hand (without GRADLINGS_EVENT_FD=3 from supervise.ts) it prints the events to stdout.
 */
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { CheckFailure, LoadFailure, registeredChecks, takeNotes } from "./check.ts";
import { describeError } from "./diagnose.ts";
import { KitFailure } from "./kit-failure.ts";
import type { GraderEvent } from "./results.ts";
import { setGradedExercise } from "./target.ts";

const eventFd = process.env["GRADLINGS_EVENT_FD"] === "3" ? 3 : 1;

function emit(event: GraderEvent): void {
  // A check's result carries the notes it left, whatever its verdict.
  const notes = event.type === "result" ? takeNotes() : [];
  const full = notes.length > 0 ? { ...event, notes } : event;
  writeSync(eventFd, `${JSON.stringify(full)}\n`);
}

async function main(grader: string, slug: string): Promise<void> {
  setGradedExercise(slug);
  try {
    await import(pathToFileURL(grader).href);
  } catch (error) {
    emit({
      type: "fatal",
      message: `The grader for ${slug} could not be loaded: ${describeError(error)}`,
    });
    return;
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
          kitFailure: true,
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
  emit({ type: "done" });
}

const [grader, slug] = process.argv.slice(2);
if (!grader || !slug) {
  process.stderr.write("usage: node --import tsx kit/child.ts <grader file> <exercise name>\n");
  process.exit(2);
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
await main(grader, slug);
// Learner code may leave timers or handles open; the verdict is written, so leave now.
process.exit(0);
