/**
 * `npm run fresh-seeds`: correct answers graded with fresh seeds pass, and a failure is listed
 * with its seed, the failing check's sentence and the command that replays it. Two cheap
 * exercises, two seeds: the full run (50 seeds, every exercise) is the command's own job.
 */
import { expect, test } from "vitest";
import { failureOf, freshSeeds, renderResult } from "#cli/fresh-seeds.ts";
import { exerciseByNumber } from "#course/curriculum.ts";
import type { GradeRun } from "#kit/supervise.ts";

const first = exerciseByNumber(1)!;
const second = exerciseByNumber(2)!;

test("the solutions and an alternative pass with two fresh seeds each", async () => {
  const lines: string[] = [];
  const result = await freshSeeds(
    { exercises: [first, second], seeds: [7, 1_234_567_891], target: "all", jobs: 1 },
    (line) => lines.push(line),
  );
  expect(result.failures).toEqual([]);
  // Two solutions and exercise 2's alternatives, each graded once per seed.
  expect(result.gradings.get(first.slug)).toEqual({ gradings: 2, failures: 0 });
  expect([...result.gradings.keys()].some((k) => k.startsWith(`${second.slug} / `))).toBe(true);
  for (const tally of result.gradings.values()) expect(tally.gradings).toBe(2);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^\[2\/2\] seed 1234567891: (\d+)\/\1 passed/);
}, 120_000);

/** Seeds that once failed a correct answer, with the grader defect each one found. */
const regressions: readonly { exercise: number; seed: number; cause: string }[] = [
  {
    exercise: 29,
    seed: 1_346_104_573,
    cause: "a near-certain row's p − 1 over n off by one ulp of p: past allclose's atol for n = 4",
  },
];

test.each(regressions.map((r) => [`exercise ${r.exercise}, seed ${r.seed}`, r] as const))(
  "a seed that once failed the solution passes: %s",
  async (_name, { exercise, seed }) => {
    const result = await freshSeeds({
      exercises: [exerciseByNumber(exercise)!],
      seeds: [seed],
      target: "solutions",
      jobs: 1,
    });
    expect(result.failures.map((f) => f.why)).toEqual([]);
  },
  120_000,
);

test("a failure is listed with its seed, the check's sentence and the replay command", () => {
  const run: GradeRun = {
    number: first.number,
    slug: first.slug,
    title: first.title,
    status: "failed",
    points: 2,
    earned: 1,
    checks: [
      {
        id: "a",
        title: "the first check",
        points: 1,
        earned: 1,
        status: "passed",
        message: "",
        durationMs: 1,
      },
      {
        id: "b",
        title: "the second check",
        points: 1,
        earned: 0,
        status: "failed",
        message: "f(3) should be 9, not 8.",
        durationMs: 1,
      },
    ],
    message: "",
    seed: 42,
    durationMs: 2,
    output: "",
    pid: undefined,
    reused: 0,
    imports: "",
  };
  const answer = { exercise: first, name: "solution", target: "solutions" };
  const failure = failureOf(answer, 42, run)!;
  expect(failure.why).toBe("the second check: [failed] f(3) should be 9, not 8.");
  expect(failure.replay).toBe(
    `GRADLINGS_TARGET=solutions npm run exercise -- ${first.number} --seed 42`,
  );
  expect(failureOf(answer, 42, { ...run, status: "passed", earned: 2 })).toBeUndefined();
  const text = renderResult({
    gradings: new Map([[first.slug, { gradings: 1, failures: 1 }]]),
    failures: [failure],
  });
  expect(text).toContain(`${first.slug}, seed 42:`);
  expect(text).toContain(failure.replay);
  expect(text).toMatch(/total\s+1\s+1/);
});
