/**
 * The mutation run's grading process: grades many mutants, of any exercise, one after another,
 * each with a fresh copy of its exercise's grader (imported again under a query of its own, so
 * that its loader and whatever it caches start empty) and the mutant's folder as the target.
 * Started by cli/mutation.ts as kit/supervise.ts starts kit/child.ts, with the kit's grading
 * hooks preloaded and GRADLINGS_TARGET naming the folder that holds every mutant; it reads one
 * JSON task a line on stdin and writes one JSON event a line on descriptor 3. After each
 * mutant it checks, as kit/child.ts does, that nothing was left behind (kit/isolation.ts); if
 * something was, it says so and ends, and the next mutant gets a fresh process.
 */
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as checkModule from "#kit/check.ts";
import { CheckFailure, clearRegisteredChecks, registeredChecks, takeNotes } from "#kit/check.ts";
import * as diagnoseModule from "#kit/diagnose.ts";
import { describeError } from "#kit/diagnose.ts";
import * as isolation from "#kit/isolation.ts";
import * as kitFailureModule from "#kit/kit-failure.ts";
import { readStdinLine } from "#kit/stdin-lines.ts";
import * as targetModule from "#kit/target.ts";
import { setGradedExercise } from "#kit/target.ts";

/** One mutant to grade, as cli/mutation.ts writes it. */
export interface MutationTask {
  /** The grader's path. */
  readonly grader: string;
  readonly slug: string;
  /** The mutant's target folder (laid out like exercises/, holding the exercise's folder). */
  readonly root: string;
  /** Unique per task: the query the grader is imported under. */
  readonly tag: string;
}

/** What this process writes on descriptor 3. */
export type MutationEvent =
  | { readonly type: "start"; readonly id: string }
  | {
      readonly type: "verdict";
      /** Every check passed: the mutant survived. */
      readonly passed: boolean;
      /** The first check that did not pass, with its message. */
      readonly killedBy?: { readonly id: string; readonly message: string };
    }
  | { readonly type: "done"; readonly reusable: boolean; readonly why?: string };

const eventFd = process.env["GRADLINGS_EVENT_FD"] === "3" ? 3 : 1;
const emit = (event: MutationEvent) => writeSync(eventFd, `${JSON.stringify(event)}\n`);

async function grade(task: MutationTask): Promise<MutationEvent> {
  clearRegisteredChecks();
  setGradedExercise(task.slug);
  process.env["GRADLINGS_TARGET"] = task.root;
  try {
    await import(`${pathToFileURL(task.grader).href}?mutant=${encodeURIComponent(task.tag)}`);
  } catch (error) {
    return {
      type: "verdict",
      passed: false,
      killedBy: { id: "load", message: describeError(error) },
    };
  }
  // The first check that fails decides: the checks after it cannot bring the mutant back.
  for (const check of registeredChecks()) {
    emit({ type: "start", id: check.id });
    try {
      await check.run();
    } catch (error) {
      const message =
        error instanceof CheckFailure ? error.message : `crashed: ${describeError(error)}`;
      return { type: "verdict", passed: false, killedBy: { id: check.id, message } };
    } finally {
      takeNotes();
    }
  }
  return { type: "verdict", passed: true };
}

process.on("uncaughtException", () => process.exit(1));
process.on("unhandledRejection", () => process.exit(1));

for (const [name, module] of [
  ["check.ts", checkModule],
  ["diagnose.ts", diagnoseModule],
  ["kit-failure.ts", kitFailureModule],
  ["target.ts", targetModule],
] as const)
  isolation.recordModule(`kit/${name}`, module);
isolation.recordBaseline();

for (let line = readStdinLine(); line !== undefined; line = readStdinLine()) {
  if (line.trim() === "") continue;
  emit(await grade(JSON.parse(line) as MutationTask));
  const why = isolation.leftBehind();
  emit({ type: "done", reusable: why === undefined, ...(why === undefined ? {} : { why }) });
  if (why !== undefined) break;
}
process.exit(0);
