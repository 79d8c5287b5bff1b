/**
 * The mutation generator behind `npm run mutation` (cli/lib/mutation/): it makes every kind of
 * mutant on a small file without moving a line, and a sampled handful of its parameter-constant
 * variants of real solutions are failed by their graders, graded the way the run grades them.
 * The run itself is slow and stays outside npm test.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generateMutants, mutantKinds } from "#cli/lib/mutation/generate.ts";
import { gradeAll, type Job, type Verdict } from "#cli/lib/mutation/grade.ts";
import { curriculum, exerciseByNumber } from "#course/curriculum.ts";
import { graderFile, repoRoot, stateDir } from "#kit/paths.ts";

const small = `export function scale(xs: readonly number[], by = 2, keep = true): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (keep && xs[i]! > 0) out.push(xs[i]! * by);
  }
  return out.map((x) => Math.max(x, 1));
}
`;

describe("the generator", () => {
  const mutants = generateMutants([{ file: "scale.ts", text: small }]);

  test("makes every kind of mutant, each a different file", () => {
    expect(new Set(mutants.map((m) => m.kind))).toEqual(new Set(mutantKinds));
    expect(new Set(mutants.map((m) => m.source)).size).toBe(mutants.length);
    expect(mutants.every((m) => m.source !== small)).toBe(true);
  });

  test("keeps every line where it was, so that a survivor's line is the solution's", () => {
    const lines = small.split("\n").length;
    for (const m of mutants) expect(m.source.split("\n").length, m.change).toBe(lines);
  });

  test("makes the changes a learner's slip would", () => {
    const changes = mutants.map((m) => m.change);
    for (const expected of [
      "`*` → `/`",
      "`>` → `>=`",
      "`0` → `1`",
      "`true` → `false`",
      "`max` → `min`",
      "`x, 1` → `1, x`",
      "statement left out: `if (keep && xs[i]! > 0) out.push(xs[i]! * by);`",
      "`by` fixed to the first value it was called with",
      "`by` always its default (2)",
    ])
      expect(changes).toContain(expected);
  });
});

test("every listed equivalent mutant is one the generator makes now, with its reason", () => {
  const listed = JSON.parse(
    readFileSync(join(repoRoot, "course", "mutation-equivalents.json"), "utf8"),
  ) as Record<
    string,
    { file: string; line: number; column: number; change: string; reason: string }[]
  >;
  const slugs = Object.keys(listed);
  const exercises = curriculum.filter((e) => slugs.includes(e.slug));
  expect(exercises.map((e) => e.slug).sort()).toEqual([...slugs].sort());
  const sources = exercises.flatMap((e) =>
    e.files.map((file) => ({
      file: `${e.slug}/${file}`,
      text: readFileSync(join(repoRoot, "solutions", e.slug, file), "utf8"),
    })),
  );
  const made = generateMutants(sources);
  for (const [slug, entries] of Object.entries(listed))
    for (const entry of entries) {
      const what = `${slug}/${entry.file}:${entry.line}:${entry.column} ${entry.change}`;
      expect(entry.reason.length, what).toBeGreaterThan(40);
      expect(
        made.some(
          (m) =>
            m.file === `${slug}/${entry.file}` &&
            m.line === entry.line &&
            m.column === entry.column &&
            m.change === entry.change,
        ),
        what,
      ).toBe(true);
    }
});

describe("parameter-constant variants of the solutions", () => {
  // A sample: each must be failed by its grader; the solution itself must pass in the same process.
  const sample: [number, string][] = [
    [1, "`h` fixed to the first value it was called with"],
    [1, "`f` fixed to the first value it was called with"],
    [2, "`label` fixed to the first value it was called with"],
  ];

  test("are failed by their graders (a few CPU seconds)", { timeout: 60_000 }, async () => {
    const runRoot = join(stateDir, "mutation-test", String(process.pid));
    rmSync(runRoot, { recursive: true, force: true });
    const jobs: Job[] = [];
    const described: string[] = [];
    const place = (number: number, file: string | undefined, source: string | undefined) => {
      const exercise = exerciseByNumber(number)!;
      const root = join(runRoot, String(jobs.length));
      const folder = join(root, exercise.slug);
      mkdirSync(folder, { recursive: true });
      cpSync(join(repoRoot, "solutions", exercise.slug), folder, { recursive: true });
      if (file && source) writeFileSync(join(folder, file), source);
      jobs.push({
        task: { grader: graderFile(exercise), slug: exercise.slug, root, tag: `t${jobs.length}` },
        limitSeconds: exercise.timeLimitSeconds,
      });
    };
    for (const number of new Set(sample.map(([n]) => n))) {
      place(number, undefined, undefined);
      described.push(`solution ${number}`);
      const exercise = exerciseByNumber(number)!;
      const sources = exercise.files.map((file) => ({
        file,
        text: readFileSync(join(repoRoot, "solutions", exercise.slug, file), "utf8"),
      }));
      const variants = generateMutants(sources).filter((m) => m.kind === "parameter");
      for (const [n, change] of sample) {
        if (n !== number) continue;
        // The first function's parameter of that name.
        const variant = variants.find((m) => m.change === change);
        expect(variant, `${number}: ${change}`).toBeDefined();
        place(number, variant!.file, variant!.source);
        described.push(`${number}: ${change}`);
      }
    }
    const verdicts: Verdict[] = [];
    try {
      await gradeAll(jobs, { jobs: 1, seed: 20231123, runRoot }, (i, verdict) => {
        verdicts[i] = verdict;
      });
    } finally {
      rmSync(runRoot, { recursive: true, force: true });
    }
    described.forEach((what, i) => {
      const outcome = verdicts[i]!.outcome;
      if (what.startsWith("solution")) expect(outcome, what).toBe("survived");
      else expect(outcome, what).not.toBe("survived");
    });
  });
});
