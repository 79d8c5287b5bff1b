/**
 * Runs one exercise's grader in a child process group with a hard wall-clock limit, and turns
 * its events into an ExerciseResult. Learner code is untrusted: a synchronous infinite loop
 * cannot be interrupted from inside, so the whole group is killed from here when time is up.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { ExerciseSpec as Exercise } from "./exercise.ts";
import { graderFile, repoRoot, targetRoot } from "./paths.ts";
import type { CheckResult, ExerciseResult, GraderEvent } from "./results.ts";
import { gradingSeed } from "./seed.ts";
import { describeProblems, type TypeProblem, typecheckExercise } from "./typecheck.ts";

export interface GradeOptions {
  /** exercises (default), solutions, or a folder laid out like exercises/. */
  readonly target?: string;
  readonly seed?: number;
  /** Overrides the exercise's own limit. */
  readonly timeLimitSeconds?: number;
  /** Called for every event as it arrives (for live progress). */
  readonly onEvent?: (event: GraderEvent) => void;
  /** Extra Node options for the grading process (e.g. `--import` of a watch hook). */
  readonly nodeArgs?: readonly string[];
  /** Extra environment for the grading process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Type-check the learner's files alongside the run (default true): see typecheck.ts. */
  readonly typecheck?: boolean;
}

export interface GradeRun extends ExerciseResult {
  /** What the learner's code printed to stdout and stderr, for showing when it helps. */
  readonly output: string;
  /** The grading process's id (also its process group's), so tests can see it is gone. */
  readonly pid: number | undefined;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

// If the kit itself is stopped, no grading process may outlive it.
process.on("exit", () => {
  for (const child of running) killGroup(child);
});

export function gradeExercise(exercise: Exercise, options: GradeOptions = {}): Promise<GradeRun> {
  const seed = options.seed ?? gradingSeed();
  const limitSeconds = options.timeLimitSeconds ?? exercise.timeLimitSeconds;
  const started = performance.now();
  const target = options.target ?? process.env["GRADLINGS_TARGET"] ?? "exercises";
  // Compile first, at the same time as the run: tsc takes a fraction of a second.
  const typeProblems =
    options.typecheck === false
      ? Promise.resolve([])
      : typecheckExercise(exercise, targetRoot(target));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GRADLINGS_TARGET: target,
    GRADLINGS_SEED: String(seed),
    // Tells the grading process that descriptor 3 is the event pipe (not whatever a shell left open).
    GRADLINGS_EVENT_FD: "3",
    ...options.env,
  };
  // A grader run inside vitest must not register its checks as vitest tests.
  delete env["VITEST"];
  delete env["VITEST_POOL_ID"];
  delete env["VITEST_WORKER_ID"];
  delete env["NODE_OPTIONS"];

  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      join(repoRoot, "kit", "kit-imports.ts"),
      ...(options.nodeArgs ?? []),
      join(repoRoot, "kit", "child.ts"),
      graderFile(exercise),
      exercise.slug,
    ],
    {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    },
  );
  running.add(child);

  const events: GraderEvent[] = [];
  let output = "";
  let pending = "";
  child.stdio[3]?.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
      if (line.trim() === "") continue;
      try {
        const event = JSON.parse(line) as GraderEvent;
        events.push(event);
        options.onEvent?.(event);
      } catch {
        // The event channel belongs to the kit; anything else on it is ignored.
      }
    }
  });
  const keep = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString("utf8");
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, limitSeconds * 1000);
    child.on("close", async (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      // Anything the grading process started (and left) goes with it.
      killGroup(child);
      const result = assemble(exercise, events, {
        timedOut,
        limitSeconds,
        code,
        signal,
        seed,
        durationMs: 0,
        output,
      });
      const typed = withTypeProblems(result, await typeProblems);
      resolve({ ...typed, durationMs: performance.now() - started, output, pid: child.pid });
    });
  });
}

/**
 * A file that does not type-check does not pass: its errors come first, as a failed check of no
 * points of its own, and the other checks' points wait until it compiles. A run that already
 * ended in an error or a time-out says that instead (a file that cannot load says why itself).
 */
function withTypeProblems(
  result: ExerciseResult,
  problems: readonly TypeProblem[],
): ExerciseResult {
  if (problems.length === 0 || (result.status !== "passed" && result.status !== "failed"))
    return result;
  const types: CheckResult = {
    id: "types",
    title: "your file type-checks",
    points: 0,
    earned: 0,
    status: "failed",
    message: describeProblems(problems),
    durationMs: 0,
  };
  return {
    ...result,
    status: "failed",
    earned: 0,
    checks: [types, ...result.checks.map((c) => ({ ...c, earned: 0 }))],
  };
}

interface Ending {
  readonly timedOut: boolean;
  readonly limitSeconds: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly seed: number;
  readonly durationMs: number;
  readonly output: string;
}

function assemble(
  exercise: Exercise,
  events: readonly GraderEvent[],
  ending: Ending,
): ExerciseResult {
  const declared = events.find((e) => e.type === "checks");
  const fatal = events.find((e) => e.type === "fatal");
  const done = events.some((e) => e.type === "done");
  const started = new Set(events.flatMap((e) => (e.type === "start" ? [e.id] : [])));
  const results = new Map(events.flatMap((e) => (e.type === "result" ? [[e.id, e] as const] : [])));

  let message = "";
  const checks: CheckResult[] = (declared?.type === "checks" ? declared.checks : []).map((c) => {
    const result = results.get(c.id);
    if (result) {
      const check: CheckResult = {
        id: c.id,
        title: c.title,
        points: c.points,
        earned: result.status === "passed" ? c.points : 0,
        status: result.status,
        message: result.message,
        durationMs: result.durationMs,
        ...(result.code === undefined ? {} : { code: result.code }),
        ...(result.mistake === undefined ? {} : { mistake: result.mistake }),
        ...(result.notes === undefined ? {} : { notes: result.notes }),
      };
      return check;
    }
    if (started.has(c.id)) {
      const why = ending.timedOut
        ? `Stopped after ${ending.limitSeconds} s while checking "${c.title}": your code did not finish. Look for a loop whose condition never becomes false, or recursion that never reaches its base case.`
        : `The grading process ended during "${c.title}" (${ending.signal ?? `exit code ${ending.code}`}). Did your code call process.exit, or run out of memory?`;
      message = why;
      return {
        id: c.id,
        title: c.title,
        points: c.points,
        earned: 0,
        status: ending.timedOut ? "timeout" : "error",
        message: why,
        durationMs: 0,
      };
    }
    return {
      id: c.id,
      title: c.title,
      points: c.points,
      earned: 0,
      status: "not-run",
      message: "Not run: an earlier check did not finish.",
      durationMs: 0,
    };
  });

  if (fatal?.type === "fatal") message = fatal.message;
  else if (!declared) {
    message = ending.timedOut
      ? `Stopped after ${ending.limitSeconds} s while loading your file: code at the top level of the file did not finish.`
      : `The grader could not start (${ending.signal ?? `exit code ${ending.code}`}).${ending.output ? ` It printed: ${ending.output.trim().split("\n").slice(-3).join(" ")}` : ""}`;
  } else if (!done && message === "") {
    message = `The grading process ended early (${ending.signal ?? `exit code ${ending.code}`}).`;
  }

  const points = exercise.points;
  const earned = checks.reduce((sum, c) => sum + c.earned, 0);
  const loadFailed = results.size > 0 && [...results.values()].every((r) => r.loadFailure === true);
  // A check the kit could not run makes the whole exercise the kit's error, not the learner's.
  const kitFailure = [...results.values()].find((r) => r.kitFailure === true);
  if (kitFailure && message === "") message = kitFailure.message;
  const status: ExerciseResult["status"] = ending.timedOut
    ? "timeout"
    : fatal || !declared || !done || loadFailed || kitFailure
      ? "error"
      : checks.every((c) => c.status === "passed")
        ? "passed"
        : "failed";
  if (loadFailed && message === "") message = checks[0]!.message;
  return {
    number: exercise.number,
    slug: exercise.slug,
    title: exercise.title,
    status,
    points,
    earned,
    checks,
    message,
    seed: ending.seed,
    durationMs: ending.durationMs,
  };
}
