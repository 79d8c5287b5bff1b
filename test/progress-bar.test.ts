/** The estimate of time left that every long run shows. */
import { expect, test } from "vitest";
import { duration, progressBar, timeLeft } from "#cli/lib/progress-bar.ts";

test("no estimate in the first seconds, nor before a step or after the last", () => {
  expect(timeLeft(1000, 10, 100)).toBeUndefined();
  expect(timeLeft(5000, 0, 100)).toBeUndefined();
  expect(timeLeft(5000, 100, 100)).toBeUndefined();
});

test("the estimate is the pace so far times the steps left, rounded up", () => {
  // 25 of 100 steps in 10 s: 75 more take 30 s.
  expect(timeLeft(10_000, 25, 100)).toBe("about 30 s left");
  expect(timeLeft(3000, 1, 200_000)).toBe("about 166 h 39 min left");
  expect(timeLeft(20_000, 10, 100)).toBe("about 3 min left");
});

test("durations read as a person says them", () => {
  expect(duration(45)).toBe("45 s");
  expect(duration(200)).toBe("3 min 20 s");
  expect(duration(600)).toBe("10 min");
  expect(duration(754)).toBe("12 min");
  expect(duration(3900)).toBe("1 h 5 min");
  expect(duration(7200)).toBe("2 h");
});

test("without a terminal, the printed lines carry the estimate once it means something", async () => {
  let clock = 0;
  const lines: string[] = [];
  const log = console.log;
  console.log = (text: string) => lines.push(text);
  try {
    const bar = await progressBar(10, "training", 5, () => clock);
    for (let i = 0; i < 10; i++) {
      clock = i * 1000;
      bar.step(i, () => `loss ${i}`);
    }
    bar.done("done");
  } finally {
    console.log = log;
  }
  // Step 0 at 0 s: too soon. Step 5 at 5 s: 6 steps in 5 s, 4 left.
  expect(lines).toEqual([
    " 0/10: loss 0",
    " 5/10: loss 5 · about 4 s left",
    " 9/10: loss 9",
    "done",
  ]);
});
