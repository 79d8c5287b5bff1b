/**
 * Runs graders in child process groups, each exercise under its own hard time limit, and turns
 * their events into ExerciseResults. Learner code is untrusted: a synchronous infinite loop
 * cannot be interrupted from inside, so the whole group is killed from here when time is up.
 *
 * Starting a grading process (Node, the TypeScript loader, the kit) costs about as much as
 * grading a small exercise, so when several exercises of one target are graded, a process
 * grades them in turn (kit/child.ts --serve). Isolation is kept:
 *
 * - Each exercise has its own limit of CPU time, started when it is handed to the process
 *   (time-limit.ts).
 * - A process grades only one target (one learner), and after each exercise it checks that
 *   the learner's code left nothing behind (isolation.ts); if it did, the process ends and the
 *   next exercise starts in a fresh one.
 * - A hang or crash kills the process; the exercises after it go to a fresh one. And an
 *   exercise that timed out or crashed in a process that had graded another before it is graded
 *   again in a fresh process, whose verdict is the one kept: only a process that graded nothing
 *   before can charge an exercise a time-out or a crash.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { answerModuleUrls } from "./borrowing.ts";
import type { ChildTask } from "./child.ts";
import type { ExerciseSpec as Exercise } from "./exercise.ts";
import { graderFile, repoRoot, stateDir, targetRoot } from "./paths.ts";
import type { CheckResult, ExerciseResult, GraderEvent } from "./results.ts";
import { gradingSeed } from "./seed.ts";
import { ExerciseLimit } from "./time-limit.ts";
import { describeProblems, type TypeProblem, typecheckTargets } from "./typecheck.ts";

export interface GradeOptions {
  /** exercises (default), solutions, or a folder laid out like exercises/, anywhere on disk. */
  readonly target?: string;
  readonly seed?: number;
  /** Overrides the exercise's own limit. */
  readonly timeLimitSeconds?: number;
  /** Called for every event as it arrives (for live progress). */
  readonly onEvent?: (event: GraderEvent) => void;
  /** Extra Node options for the grading process. */
  readonly nodeArgs?: readonly string[];
  /** Extra environment for the grading process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Type-check the learner's files alongside the run (default true): see typecheck.ts. */
  readonly typecheck?: boolean;
  /** Record what the learner's files import and export (the import watch, for borrowing.ts). */
  readonly watchImports?: boolean;
}

export interface GradeRun extends ExerciseResult {
  /** What the learner's code printed to stdout and stderr, for showing when it helps. */
  readonly output: string;
  /** The grading process's id (also its process group's), so tests can see it is gone. */
  readonly pid: number | undefined;
  /** How many exercises that process had graded before this one (0: a fresh process). */
  readonly reused: number;
  /** What the import watch recorded for this exercise (JSON lines; see borrowing.ts). */
  readonly imports: string;
}

/** One exercise of one target, for gradeMany. */
export interface GradeTask {
  readonly exercise: Exercise;
  /** exercises, solutions, or a folder laid out like exercises/ (default: GRADLINGS_TARGET). */
  readonly target?: string;
  readonly onEvent?: (event: GraderEvent) => void;
}

export interface PoolOptions {
  /** How many grading processes run at once (default: the machine's cores). */
  readonly jobs?: number;
  readonly seed?: number;
  /** Overrides every exercise's own limit. */
  readonly timeLimitSeconds?: number;
  /** Record what the learner's files import and export (the import watch, for borrowing.ts). */
  readonly watchImports?: boolean;
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Type-check the learner's files alongside the runs (default true): see typecheck.ts. */
  readonly typecheck?: boolean;
  /** Called as each exercise's verdict is final, in the order they finish. */
  readonly onResult?: (task: GradeTask, run: GradeRun, index: number) => void;
}

/** A grading process may not grow its heap past this: a runaway allocation ends it, not the machine. */
const heapLimitMegabytes = 2048;
/** Output kept per exercise; the rest is read and dropped. */
const outputLimit = 20_000;
/** An event line longer than this is not the kit's; it is dropped. */
const eventLineLimit = 1 << 20;

// ---------------------------------------------------------------------------------------------
// One grading process

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
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

/** How one exercise's run in a process ended. */
interface Outcome {
  readonly events: GraderEvent[];
  readonly output: string;
  /** The exercise's limit; `limit.stopped` says whether and why it ended the exercise. */
  readonly limit: ExerciseLimit;
  /** Set when the process ended before the exercise was done. */
  readonly ended?: { readonly code: number | null; readonly signal: NodeJS.Signals | null };
  /** The process may grade another exercise. */
  readonly reusable: boolean;
  readonly durationMs: number;
  readonly imports: string;
}

interface Current {
  readonly events: GraderEvent[];
  output: string;
  readonly limit: ExerciseLimit;
  readonly started: number;
  readonly onEvent: ((event: GraderEvent) => void) | undefined;
  readonly resolve: (outcome: Outcome) => void;
  readonly folder: string;
}

let processCount = 0;

/** A grading process serving the exercises of one target, one at a time. */
class GradingProcess {
  readonly child: ChildProcess;
  /** Exercises handed to it so far. */
  graded = 0;
  private current: Current | undefined;
  private closed = false;
  private readonly log: string | undefined;
  private logOffset = 0;

  constructor(
    readonly root: string,
    answers: readonly string[],
    options: PoolOptions,
    seed: number,
    /** False when nothing else will be handed to it: it skips the checks reuse needs. */
    mayReuse: boolean,
  ) {
    const watch = options.watchImports === true;
    if (watch) {
      const folder = join(stateDir, "grade");
      mkdirSync(folder, { recursive: true });
      this.log = join(folder, `imports-${process.pid}-${++processCount}.jsonl`);
      rmSync(this.log, { force: true });
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GRADLINGS_TARGET: root,
      GRADLINGS_SEED: String(seed),
      // Tells the grading process that descriptor 3 is the event pipe (not whatever a shell left open).
      GRADLINGS_EVENT_FD: "3",
      GRADLINGS_ISOLATION: mayReuse ? "check" : "off",
      ...(this.log
        ? {
            GRADLINGS_IMPORT_LOG: this.log,
            GRADLINGS_IMPORT_WATCH: `${pathToFileURL(realTarget(root)).href}/`,
            GRADLINGS_ANSWER_MODULES: JSON.stringify(answers),
          }
        : {}),
      ...options.env,
    };
    // The learner's code runs in this process: it gets the seed as a number, never the
    // instructor's passphrase it came from.
    delete env["GRADLINGS_GRADE_SEED"];
    // A grader run inside vitest must not register its checks as vitest tests.
    delete env["VITEST"];
    delete env["VITEST_POOL_ID"];
    delete env["VITEST_WORKER_ID"];
    delete env["NODE_OPTIONS"];
    const kit = (file: string) => pathToFileURL(join(repoRoot, "kit", file)).href;
    this.child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${heapLimitMegabytes}`,
        "--import",
        "tsx",
        // Before the watch: its hooks must see the learner's imports as written.
        "--import",
        kit("grading-hooks.ts"),
        ...(watch ? ["--import", kit("import-watch.ts")] : []),
        ...(options.nodeArgs ?? []),
        join(repoRoot, "kit", "child.ts"),
        "--serve",
      ],
      { cwd: repoRoot, env, detached: true, stdio: ["pipe", "pipe", "pipe", "pipe"] },
    );
    running.add(this.child);
    // A process that ends while idle leaves its pipe to us; writing to it must not throw.
    this.child.stdin?.on("error", () => {});

    let pending = "";
    this.child.stdio[3]?.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
        if (line.trim() !== "") this.receive(line);
      }
      if (pending.length > eventLineLimit) pending = "";
    });
    const keep = (chunk: Buffer) => {
      const current = this.current;
      if (current && current.output.length < outputLimit)
        current.output += chunk.toString("utf8").slice(0, outputLimit - current.output.length);
    };
    this.child.stdout?.on("data", keep);
    this.child.stderr?.on("data", keep);
    this.child.on("close", (code, signal) => {
      this.closed = true;
      running.delete(this.child);
      // Anything the grading process started (and left) goes with it.
      killGroup(this.child);
      if (this.log) rmSync(this.log, { force: true });
      this.finish({ ended: { code, signal }, reusable: false });
    });
  }

  get alive(): boolean {
    return !this.closed;
  }

  private receive(line: string): void {
    let event: GraderEvent;
    try {
      event = JSON.parse(line) as GraderEvent;
    } catch {
      return; // The event channel belongs to the kit; anything else on it is ignored.
    }
    const current = this.current;
    if (!current || typeof event !== "object" || event === null) return;
    current.events.push(event);
    current.onEvent?.(event);
    if (event.type === "done") this.finish({ reusable: event.reusable === true });
  }

  /** The import watch's records about the exercise now finishing, from its folder's files. */
  private newImports(folder: string): string {
    if (!this.log || !existsSync(this.log)) return "";
    const text = readFileSync(this.log, "utf8");
    const fresh = text.slice(this.logOffset);
    this.logOffset = text.length;
    return fresh
      .split("\n")
      .filter((line) => {
        try {
          const record = JSON.parse(line) as { from?: string; file?: string };
          return (record.from ?? record.file ?? "").startsWith(folder);
        } catch {
          return false;
        }
      })
      .map((line) => `${line}\n`)
      .join("");
  }

  private finish(how: Pick<Outcome, "reusable"> & { ended?: Outcome["ended"] }): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.limit.stop();
    current.resolve({
      events: current.events,
      output: current.output,
      limit: current.limit,
      ...(how.ended ? { ended: how.ended } : {}),
      reusable: how.reusable && !current.limit.expired,
      durationMs: performance.now() - current.started,
      imports: this.newImports(current.folder),
    });
  }

  /** Hands the process one exercise and waits for its verdict, a crash or the time limit. */
  grade(
    exercise: Exercise,
    limitSeconds: number,
    onEvent: ((event: GraderEvent) => void) | undefined,
  ): Promise<Outcome> {
    this.graded++;
    return new Promise((resolve) => {
      const folder = `${pathToFileURL(realTarget(join(this.root, exercise.slug))).href}/`;
      const limit = new ExerciseLimit(limitSeconds, this.child.pid, () => killGroup(this.child));
      this.current = {
        events: [],
        output: "",
        limit,
        started: performance.now(),
        onEvent,
        resolve,
        folder,
      };
      if (this.closed) {
        this.finish({
          ended: { code: this.child.exitCode, signal: this.child.signalCode },
          reusable: false,
        });
        return;
      }
      limit.start();
      const task: ChildTask = {
        slug: exercise.slug,
        grader: graderFile(exercise),
        folder,
        answers: answerModuleUrls(exercise),
      };
      this.child.stdin?.write(`${JSON.stringify(task)}\n`);
    });
  }

  /** No more exercises: the process ends on its own; anything it left goes with its group. */
  close(): void {
    if (this.closed) return;
    this.child.stdin?.end();
    const child = this.child;
    setTimeout(() => killGroup(child), 2000).unref();
  }
}

function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

// ---------------------------------------------------------------------------------------------
// A process started early

/**
 * A grading process started before the runner has loaded the rest of itself: Node and the
 * TypeScript loader take a grading process longer to start than the runner takes to load, and
 * on two cores both can happen at once. gradeMany takes it for a task it fits exactly (the same
 * target, seed, answers and settings); otherwise it is ended unused.
 */
let spare: { readonly key: string; readonly process: GradingProcess } | undefined;

function spareKey(
  root: string,
  answers: readonly string[],
  options: PoolOptions,
  seed: number,
  mayReuse: boolean,
): string {
  return JSON.stringify([
    root,
    answers,
    seed,
    mayReuse,
    options.watchImports === true,
    options.nodeArgs ?? [],
    options.env ?? {},
  ]);
}

/**
 * Starts the grading process that gradeExercise(exercise, options) will need, now, and returns
 * its process id. Call discardPrestarted when done, so that one never used does not keep the
 * runner alive.
 */
export function prestartGrading(
  exercise: Exercise,
  options: Pick<GradeOptions, "target" | "seed" | "watchImports"> = {},
): number | undefined {
  discardPrestarted();
  const root = targetRoot(options.target);
  const answers = answerModuleUrls(exercise);
  const seed = options.seed ?? gradingSeed();
  const pool: PoolOptions =
    options.watchImports === undefined ? {} : { watchImports: options.watchImports };
  spare = {
    key: spareKey(root, answers, pool, seed, false),
    process: new GradingProcess(root, answers, pool, seed, false),
  };
  return spare.process.child.pid;
}

/** Ends a prestarted grading process that no grading took. */
export function discardPrestarted(): void {
  spare?.process.close();
  spare = undefined;
}

/** The prestarted process, if it fits this one exactly; a spare that does not fit is ended. */
function takePrestarted(key: string): GradingProcess | undefined {
  const taken = spare;
  spare = undefined;
  if (taken && taken.key === key && taken.process.alive && taken.process.graded === 0)
    return taken.process;
  taken?.process.close();
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Many exercises, many targets

/**
 * Grades every task, `jobs` processes at once, and returns the runs in the tasks' order. A
 * process keeps to one target; each free process takes a target no other process is on, or
 * helps with the one that has the most exercises left.
 */
export async function gradeMany(
  tasks: readonly GradeTask[],
  options: PoolOptions = {},
): Promise<GradeRun[]> {
  const seed = options.seed ?? gradingSeed();
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), tasks.length));
  const runs: (GradeRun | undefined)[] = new Array(tasks.length).fill(undefined);

  interface Queue {
    readonly root: string;
    readonly answers: readonly string[];
    /** Task indexes left, the longest first. */
    readonly left: number[];
    workers: number;
  }
  const queues = new Map<string, Queue>();
  tasks.forEach((task, index) => {
    const root = targetRoot(task.target);
    let queue = queues.get(root);
    if (!queue) {
      queue = { root, answers: [], left: [], workers: 0 };
      queues.set(root, queue);
    }
    queue.left.push(index);
    for (const url of answerModuleUrls(task.exercise))
      if (!queue.answers.includes(url)) (queue.answers as string[]).push(url);
  });
  // The longest exercises first, so that two processes on one target finish together.
  for (const queue of queues.values())
    queue.left.sort(
      (a, b) =>
        limitOf(tasks[b]!.exercise, options) - limitOf(tasks[a]!.exercise, options) || a - b,
    );

  // Compile first, at the same time as the runs: one tsc for every target's exercises.
  const types =
    options.typecheck === false
      ? undefined
      : typecheckTargets(
          [...queues.values()].map((q) => ({
            root: q.root,
            exercises: tasks.filter((t) => targetRoot(t.target) === q.root).map((t) => t.exercise),
          })),
        );

  const choose = (mine: Queue | undefined): Queue | undefined => {
    if (mine && mine.left.length > 0) return mine;
    const open = [...queues.values()].filter((q) => q.left.length > 0);
    return (
      open.find((q) => q.workers === 0) ?? open.sort((a, b) => b.left.length - a.left.length)[0]
    );
  };

  const worker = async () => {
    let queue: Queue | undefined;
    let child: GradingProcess | undefined;
    for (;;) {
      const next = choose(queue);
      if (!next) break;
      if (next !== queue) {
        if (queue) queue.workers--;
        child?.close();
        child = undefined;
        queue = next;
        queue.workers++;
      }
      const index = queue.left.shift()!;
      const task = tasks[index]!;
      const fresh = () =>
        new GradingProcess(queue!.root, queue!.answers, options, seed, queue!.left.length > 0);
      const mayReuse = queue.left.length > 0;
      child = child?.alive
        ? child
        : (takePrestarted(spareKey(queue.root, queue.answers, options, seed, mayReuse)) ?? fresh());
      let reused = child.graded;
      let outcome = await child.grade(task.exercise, limitOf(task.exercise, options), task.onEvent);
      if (
        reused > 0 &&
        (outcome.limit.expired || outcome.ended !== undefined || hasFatal(outcome))
      ) {
        // It may not be this exercise's doing: grade it again where nothing ran before.
        child.close();
        child = fresh();
        reused = 0;
        outcome = await child.grade(task.exercise, limitOf(task.exercise, options), task.onEvent);
      }
      const pid = child.child.pid;
      if (!outcome.reusable) {
        child.close();
        child = undefined;
      }
      const problems = (await types)?.(queue.root, task.exercise) ?? [];
      const run: GradeRun = {
        ...withTypeProblems(assemble(task.exercise, outcome, seed), problems),
        output: outcome.output,
        pid,
        reused,
        imports: outcome.imports,
      };
      runs[index] = run;
      options.onResult?.(task, run, index);
    }
    if (queue) queue.workers--;
    child?.close();
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return runs.map((run) => run!);
}

function hasFatal(outcome: Outcome): boolean {
  return outcome.events.some((e) => e.type === "fatal");
}

function limitOf(exercise: Exercise, options: { readonly timeLimitSeconds?: number }): number {
  return options.timeLimitSeconds ?? exercise.timeLimitSeconds;
}

/** Grades one exercise in a fresh process of its own. */
export async function gradeExercise(
  exercise: Exercise,
  options: GradeOptions = {},
): Promise<GradeRun> {
  const [run] = await gradeMany(
    [
      {
        exercise,
        ...(options.target === undefined ? {} : { target: options.target }),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      },
    ],
    {
      jobs: 1,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.timeLimitSeconds === undefined
        ? {}
        : { timeLimitSeconds: options.timeLimitSeconds }),
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.typecheck === undefined ? {} : { typecheck: options.typecheck }),
      ...(options.watchImports === undefined ? {} : { watchImports: options.watchImports }),
    },
  );
  return run!;
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

// ---------------------------------------------------------------------------------------------
// Events to a result

function assemble(exercise: Exercise, outcome: Outcome, seed: number): ExerciseResult {
  const { events } = outcome;
  const ending = outcome.ended;
  const endedHow = ending ? (ending.signal ?? `exit code ${ending.code}`) : "it stopped";
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
        ...(result.fault === undefined ? {} : { fault: result.fault }),
      };
      return check;
    }
    if (started.has(c.id)) {
      const why = outcome.limit.expired
        ? outcome.limit.sentence(c.title)
        : `The grading process ended during "${c.title}" (${endedHow}). Did your code call process.exit, or run out of memory?`;
      message = why;
      return {
        id: c.id,
        title: c.title,
        points: c.points,
        earned: 0,
        status: outcome.limit.expired ? outcome.limit.status : "error",
        message: why,
        ...(outcome.limit.stopped === "busy" ? { fault: "kit" as const } : {}),
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
    message = outcome.limit.expired
      ? outcome.limit.sentence(undefined)
      : `The grader could not start (${endedHow}).${outcome.output ? ` It printed: ${outcome.output.trim().split("\n").slice(-3).join(" ")}` : ""}`;
  } else if (!done && message === "") {
    message = `The grading process ended early (${endedHow}).`;
  }

  const points = exercise.points;
  const earned = checks.reduce((sum, c) => sum + c.earned, 0);
  const loadFailed = results.size > 0 && [...results.values()].every((r) => r.loadFailure === true);
  const busy = outcome.limit.stopped === "busy";
  const kitFault = checks.find((c) => c.fault === "kit") ?? (busy ? { message } : undefined);
  const status: ExerciseResult["status"] = outcome.limit.expired
    ? outcome.limit.status
    : fatal || !declared || !done || loadFailed || kitFault
      ? "error"
      : checks.every((c) => c.status === "passed")
        ? "passed"
        : "failed";
  if (loadFailed && message === "") message = checks[0]!.message;
  if (kitFault && message === "") message = kitFault.message;
  return {
    number: exercise.number,
    slug: exercise.slug,
    title: exercise.title,
    status,
    points,
    earned,
    checks,
    message,
    ...(kitFault && status === "error" ? { fault: "kit" as const } : {}),
    seed,
    durationMs: outcome.durationMs,
  };
}
