/**
 * The exercise time limit (kit/time-limit.ts) decides from the grading process's CPU time, with
 * a stand-in for /proc: a loop that spends its budget gets the loop's sentence; a process kept
 * from the cores by a busy machine is not stopped at the CPU limit, and when the backstop stops
 * it the sentence blames the machine, not the code; code that only waits gets its own sentence.
 * (test/harness.test.ts stops a real `while (true) {}` at its CPU limit.)
 */
import { afterEach, describe, expect, test } from "vitest";
import { ExerciseLimit, type ProcessClock, procClock } from "#kit/time-limit.ts";

/** A process whose CPU and queued seconds the test sets. */
class FakeProcess implements ProcessClock {
  cpu = 10;
  queued = 5;
  cpuSeconds(): number {
    return this.cpu;
  }
  queuedSeconds(): number {
    return this.queued;
  }
}

const armed: ExerciseLimit[] = [];
afterEach(() => {
  for (const limit of armed.splice(0)) limit.stop();
});

function limitOf(seconds: number, clock: ProcessClock) {
  let killed = 0;
  const limit = new ExerciseLimit(seconds, 4242, () => killed++, clock);
  armed.push(limit);
  limit.start();
  return { limit, killed: () => killed };
}

describe("the exercise time limit", () => {
  test("a loop that spends its CPU budget is stopped at it, with the loop's sentence", () => {
    const fake = new FakeProcess();
    const { limit, killed } = limitOf(3, fake);
    fake.cpu += 2.9; // CPU from before the exercise was handed over does not count.
    limit.check(3.1);
    expect(limit.expired).toBe(false);
    fake.cpu += 0.2;
    limit.check(3.3);
    expect(limit.stopped).toBe("cpu");
    expect(killed()).toBe(1);
    expect(limit.status).toBe("timeout");
    const sentence = limit.sentence("the lecture's f(x)");
    expect(sentence).toMatch(
      /^Stopped after 3 s while checking "the lecture's f\(x\)" \(3 s of CPU time\)/,
    );
    expect(sentence).toMatch(/loop whose condition never becomes false/);
    expect(sentence).not.toMatch(/busy/);
  });

  test("a busy machine does not stop the code at the CPU limit's wall time", () => {
    const fake = new FakeProcess();
    const { limit } = limitOf(3, fake);
    // Eight processes per core: a second of CPU in eight of wall time, the rest queued.
    fake.cpu += 2;
    fake.queued += 14;
    limit.check(16);
    expect(limit.expired).toBe(false);
  });

  test("when the backstop stops a process starved of cores, the sentence blames the machine", () => {
    const fake = new FakeProcess();
    const { limit, killed } = limitOf(3, fake);
    fake.cpu += 2.5;
    fake.queued += 56;
    limit.check(59);
    expect(limit.expired).toBe(false);
    limit.check(60);
    expect(limit.stopped).toBe("busy");
    expect(killed()).toBe(1);
    // The kit's error, not the learner's time-out.
    expect(limit.status).toBe("error");
    const sentence = limit.sentence("training lowers the loss");
    expect(sentence).toMatch(/the grading machine was too busy/);
    expect(sentence).toMatch(/it got 2\.5 s/);
    expect(sentence).not.toMatch(/loop|recursion/);
    expect(limit.sentence(undefined)).toMatch(
      /while loading your file: the grading machine was too busy/,
    );
  });

  test("code that only waits is stopped by the backstop, with the waiting sentence", () => {
    const fake = new FakeProcess();
    const { limit } = limitOf(3, fake);
    fake.cpu += 0.1;
    limit.check(12.2);
    expect(limit.stopped).toBe("waiting");
    expect(limit.status).toBe("timeout");
    expect(limit.sentence("x")).toMatch(/your code was waiting, not computing/);
  });

  test("where CPU time cannot be read, the limit is wall-clock time", async () => {
    const unknown: ProcessClock = { cpuSeconds: () => undefined, queuedSeconds: () => 0 };
    const { limit, killed } = limitOf(0.05, unknown);
    await new Promise((done) => setTimeout(done, 200));
    expect(limit.stopped).toBe("clock");
    expect(killed()).toBe(1);
    expect(limit.sentence("x")).toMatch(
      /^Stopped after 0\.05 s while checking "x": your code did not finish/,
    );
  });

  test.skipIf(process.platform !== "linux")(
    "/proc gives a process's CPU time, as it counts it",
    () => {
      const before = procClock.cpuSeconds(process.pid)!;
      const start = process.cpuUsage();
      // Spend 0.3 s of CPU time, however long the busy machine takes to give it.
      while (process.cpuUsage(start).user < 300_000) {}
      const spent = (process.cpuUsage(start).user + process.cpuUsage(start).system) / 1e6;
      const after = procClock.cpuSeconds(process.pid)!;
      // Other threads (the garbage collector's) count too; ticks are 10 ms.
      expect(after - before).toBeGreaterThanOrEqual(spent - 0.03);
      expect(after - before).toBeLessThan(spent + 0.5);
      expect(procClock.queuedSeconds(process.pid)).toBeGreaterThanOrEqual(0);
    },
  );
});
