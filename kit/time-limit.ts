/**
 * An exercise's time limit: the one place where its time is measured, enforced and explained.
 *
 * The limit is the grading process's CPU time, read from outside (Linux's /proc), so that a
 * busy machine does not turn a correct exercise into a time-out: a learner's `while (true) {}`
 * spends its CPU budget and is stopped at about the limit, with the sentence for a loop. Two
 * wall-clock backstops make sure nothing runs for ever:
 *
 * - time the process was neither computing nor waiting for a core, past `waitFactor` times the
 *   limit: the code is waiting for something that never comes (a promise, a timer);
 * - wall time past `busyFactor` times the limit while the CPU budget is still not spent: the
 *   process was kept waiting for a core, and the machine, not the code, was too busy. The
 *   exercise is then an error of the kit, not the learner's time-out.
 *
 * Off Linux a process's CPU time cannot be read from outside, and the limit is wall-clock time.
 */
import { readFileSync } from "node:fs";

/** Wall time not spent computing or queued for a core, in limits, before the code is stopped. */
const waitFactor = 4;
/** Wall time, in limits, before a process starved of cores is stopped as the machine's fault. */
const busyFactor = 20;
/** How often the grading process's CPU time is read. */
const pollMilliseconds = 100;
/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every Linux Node runs on). */
const ticksPerSecond = 100;

/** What the limit reads about a process: what /proc says, or a test's stand-in. */
export interface ProcessClock {
  /** CPU seconds used (all threads, and children it waited for); undefined when unknown. */
  cpuSeconds(pid: number): number | undefined;
  /** Seconds its main thread was ready to run but waited for a core. */
  queuedSeconds(pid: number): number;
}

export const procClock: ProcessClock = {
  cpuSeconds(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The name in parentheses may hold spaces; count fields after it (state is field 3).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      return Number.isFinite(ticks) ? ticks / ticksPerSecond : undefined;
    } catch {
      return undefined;
    }
  },
  queuedSeconds(pid) {
    try {
      return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e9 || 0;
    } catch {
      return 0;
    }
  },
};

/**
 * Why an exercise was stopped: it spent its CPU budget ("cpu"), it waited on something that
 * never came ("waiting"), the machine was too busy to give it its CPU time ("busy"), or, where
 * CPU time cannot be read, its wall-clock time ran out ("clock").
 */
export type StopReason = "cpu" | "waiting" | "busy" | "clock";

export class ExerciseLimit {
  private timer: NodeJS.Timeout | undefined;
  private cpuAtStart = 0;
  private queuedAtStart = 0;
  private startedAt = 0;
  /** Set once the limit has stopped the exercise. */
  stopped: StopReason | undefined;
  /** CPU and wall seconds the exercise had used at the last reading. */
  used = { cpu: 0, wall: 0 };

  constructor(
    /** The budget, in seconds of CPU time (of wall time off Linux). */
    readonly seconds: number,
    private readonly pid: number | undefined,
    private readonly onExpired: () => void,
    private readonly clock: ProcessClock = procClock,
  ) {}

  get expired(): boolean {
    return this.stopped !== undefined;
  }

  /** Arms the limit: from now on, the process's CPU time counts against this exercise. */
  start(): void {
    this.startedAt = performance.now();
    const cpu = this.pid === undefined ? undefined : this.clock.cpuSeconds(this.pid);
    if (cpu === undefined) {
      this.timer = setTimeout(() => this.expire("clock", this.seconds), this.seconds * 1000);
      return;
    }
    this.cpuAtStart = cpu;
    this.queuedAtStart = this.clock.queuedSeconds(this.pid!);
    const every = Math.min(pollMilliseconds, this.seconds * 100);
    this.timer = setInterval(() => this.check((performance.now() - this.startedAt) / 1000), every);
  }

  /** Reads the process's CPU time `wall` seconds after start, and stops it when it is over. */
  check(wall: number): void {
    if (this.stopped !== undefined || this.pid === undefined) return;
    const now = this.clock.cpuSeconds(this.pid);
    if (now === undefined) return; // The process is gone: its close event ends the exercise.
    const cpu = now - this.cpuAtStart;
    const queued = this.clock.queuedSeconds(this.pid) - this.queuedAtStart;
    this.used = { cpu, wall };
    if (cpu >= this.seconds) this.expire("cpu", wall);
    else if (wall - cpu - queued >= this.seconds * waitFactor) this.expire("waiting", wall);
    else if (wall >= this.seconds * busyFactor) this.expire("busy", wall);
  }

  private expire(reason: StopReason, wall: number): void {
    this.stop();
    this.used = { ...this.used, wall };
    this.stopped = reason;
    this.onExpired();
  }

  /** Disarms the limit (the exercise is over). */
  stop(): void {
    clearInterval(this.timer);
  }

  /** "error" (the kit's) when the machine was too busy; "timeout" (the code's) otherwise. */
  get status(): "timeout" | "error" {
    return this.stopped === "busy" ? "error" : "timeout";
  }

  /** The sentence for a stop while checking `check`, or while loading the file when undefined. */
  sentence(check: string | undefined): string {
    const during = check === undefined ? "while loading your file" : `while checking "${check}"`;
    const wall = Math.round(this.used.wall);
    const cpu = this.used.cpu.toFixed(1);
    switch (this.stopped) {
      case "busy":
        return `Stopped after ${wall} s ${during}: the grading machine was too busy to give your code its ${this.seconds} s of CPU time (it got ${cpu} s), so this exercise was not graded. Nothing shows your code is at fault; grade it again when the machine is less busy.`;
      case "waiting":
        return `Stopped after ${wall} s ${during}: your code was waiting, not computing (${cpu} s of CPU time). Look for a promise that never settles, or a timer or input it waits for.`;
      default: {
        const how = this.stopped === "cpu" ? ` (${this.seconds} s of CPU time)` : "";
        return check === undefined
          ? `Stopped after ${this.seconds} s ${during}${how}: code at the top level of the file did not finish.`
          : `Stopped after ${this.seconds} s ${during}${how}: your code did not finish. Look for a loop whose condition never becomes false, or recursion that never reaches its base case.`;
      }
    }
  }
}
