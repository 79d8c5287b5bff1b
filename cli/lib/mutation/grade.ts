/**
 * Grading mutants the way the kit grades a learner's folder (kit/supervise.ts): the exercise's
 * grader, the grading hooks, the seed, a CPU-time limit from outside (kit/time-limit.ts), and
 * the isolation checks between two runs in one process. What differs is only what saves time:
 * a process grades mutants of any exercise one after another (serve.ts), and a mutant's
 * grading stops at the first check that fails.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "#kit/paths.ts";
import { ExerciseLimit } from "#kit/time-limit.ts";
import type { MutationEvent, MutationTask } from "./serve.ts";

export type Verdict =
  | { readonly outcome: "killed"; readonly by: string; readonly message: string }
  | { readonly outcome: "timeout"; readonly during: string }
  | { readonly outcome: "crashed"; readonly during: string }
  | { readonly outcome: "survived" };

export interface Job {
  readonly task: MutationTask;
  readonly limitSeconds: number;
}

const running = new Set<MutationProcess>();
// No grading process may outlive the run.
process.on("exit", () => {
  for (const child of running) child.kill();
});

/** A process that grades one mutant after another. */
class MutationProcess {
  readonly child: ChildProcess;
  graded = 0;
  closed = false;
  private pending = "";
  private current:
    | {
        resolve: (v: { verdict: Verdict; reusable: boolean; cpu: number }) => void;
        limit: ExerciseLimit;
        verdict?: Verdict;
        during: string;
      }
    | undefined;

  constructor(runRoot: string, seed: number) {
    const kit = (file: string) => pathToFileURL(join(repoRoot, "kit", file)).href;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GRADLINGS_TARGET: runRoot,
      GRADLINGS_SEED: String(seed),
      GRADLINGS_EVENT_FD: "3",
      GRADLINGS_ISOLATION: "check",
    };
    for (const name of [
      "GRADLINGS_GRADE_SEED",
      "VITEST",
      "VITEST_POOL_ID",
      "VITEST_WORKER_ID",
      "NODE_OPTIONS",
    ])
      delete env[name];
    this.child = spawn(
      process.execPath,
      [
        "--max-old-space-size=2048",
        "--import",
        "tsx",
        "--import",
        kit("grading-hooks.ts"),
        join(repoRoot, "cli", "lib", "mutation", "serve.ts"),
      ],
      { cwd: repoRoot, env, detached: true, stdio: ["pipe", "ignore", "ignore", "pipe"] },
    );
    running.add(this);
    this.child.stdin?.on("error", () => {});
    this.child.stdio[3]?.on("data", (chunk: Buffer) => {
      this.pending += chunk.toString("utf8");
      for (let nl = this.pending.indexOf("\n"); nl >= 0; nl = this.pending.indexOf("\n")) {
        const line = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        try {
          this.receive(JSON.parse(line) as MutationEvent);
        } catch {
          // Not an event of ours.
        }
      }
    });
    this.child.on("close", () => {
      this.closed = true;
      running.delete(this);
      this.kill();
      const current = this.current;
      if (!current) return;
      this.current = undefined;
      current.limit.stop();
      const verdict: Verdict =
        current.verdict ??
        (current.limit.expired
          ? { outcome: "timeout", during: current.during }
          : { outcome: "crashed", during: current.during });
      current.resolve({ verdict, reusable: false, cpu: current.limit.used.cpu });
    });
  }

  private receive(event: MutationEvent): void {
    const current = this.current;
    if (!current) return;
    if (event.type === "start") current.during = event.id;
    else if (event.type === "verdict")
      current.verdict = event.passed
        ? { outcome: "survived" }
        : { outcome: "killed", by: event.killedBy!.id, message: event.killedBy!.message };
    else if (event.type === "done") {
      this.current = undefined;
      current.limit.check((performance.now() - startedAt.get(current)!) / 1000);
      current.limit.stop();
      current.resolve({
        verdict: current.verdict ?? { outcome: "crashed", during: current.during },
        reusable: event.reusable,
        cpu: current.limit.used.cpu,
      });
    }
  }

  grade(job: Job): Promise<{ verdict: Verdict; reusable: boolean; cpu: number }> {
    this.graded++;
    return new Promise((done) => {
      const limit = new ExerciseLimit(job.limitSeconds, this.child.pid, () => this.kill());
      this.current = { resolve: done, limit, during: "loading" };
      startedAt.set(this.current, performance.now());
      if (this.closed) {
        this.current = undefined;
        done({ verdict: { outcome: "crashed", during: "start" }, reusable: false, cpu: 0 });
        return;
      }
      limit.start();
      this.child.stdin?.write(`${JSON.stringify(job.task)}\n`);
    });
  }

  kill(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, "SIGKILL");
    } catch {
      // Gone already.
    }
  }

  close(): void {
    this.child.stdin?.end();
    setTimeout(() => this.kill(), 2000).unref();
  }
}

const startedAt = new WeakMap<object, number>();
/** A process grades at most this many mutants by default: each one's modules stay loaded. */
const defaultPerProcess = 60;

/** Grades the jobs, `jobs` processes at once; `onVerdict` as each is final. */
export async function gradeAll(
  jobs: readonly Job[],
  options: {
    readonly jobs: number;
    readonly seed: number;
    readonly runRoot: string;
    /** Mutants a process grades before a fresh one takes over (1: a process for each). */
    readonly perProcess?: number;
  },
  onVerdict: (index: number, verdict: Verdict, cpu: number) => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    let child: MutationProcess | undefined;
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index]!;
      const fresh = () => new MutationProcess(options.runRoot, options.seed);
      if (child && (child.closed || child.graded >= (options.perProcess ?? defaultPerProcess))) {
        child.close();
        child = undefined;
      }
      child ??= fresh();
      let reused = child.graded > 0;
      let result = await child.grade(job);
      if (
        reused &&
        (result.verdict.outcome === "timeout" || result.verdict.outcome === "crashed")
      ) {
        // Perhaps not this mutant's doing: graded again where nothing ran before, as the kit does.
        child.close();
        child = fresh();
        reused = false;
        result = await child.grade(job);
      }
      if (!result.reusable) {
        child.close();
        child = undefined;
      }
      onVerdict(index, result.verdict, result.cpu);
    }
    child?.close();
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.jobs, jobs.length)) }, worker),
  );
}
