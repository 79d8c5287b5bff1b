/**
 * Every argument varied, proved mechanically: for every exercise, each variant of its solution
 * that fixes one parameter of one function to a constant (the first value it was called with,
 * or its default: cli/lib/mutation/generate.ts's "parameter" mutants) is failed by the
 * exercise's grader, and the solution passes, graded in the same run. A variant that passes
 * means a grader that never varies that argument: a learner who ignores it gets full marks.
 *
 * Graded as `npm run mutation` grades (cli/lib/mutation/grade.ts): long-lived processes grade
 * variant after variant, of any exercise, each stopped at its first failed check (the checks
 * after it cannot bring it back), with the kit's seed, hooks and isolation checks. Variants that
 * course/mutation-equivalents.json lists as behaving exactly as the solution does are not
 * graded. GRADLINGS_ONLY=1,2 narrows the run to those exercises.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type GeneratedMutant, generateMutants } from "#cli/lib/mutation/generate.ts";
import { gradeAll, type Job, type Verdict } from "#cli/lib/mutation/grade.ts";
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { graderFile, repoRoot, stateDir } from "#kit/paths.ts";
import { defaultSeed } from "#kit/seed.ts";

const only = process.env["GRADLINGS_ONLY"]?.split(",");
const exercises = curriculum.filter(
  (e) => !only || only.includes(e.slug) || only.includes(String(e.number)),
);

interface Listed {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly change: string;
}
const equivalents = JSON.parse(
  readFileSync(join(repoRoot, "course", "mutation-equivalents.json"), "utf8"),
) as Record<string, readonly Listed[]>;

/**
 * Every exercise's parameter-constant variants, the listed equivalents left out: one generator
 * session for all the files, each named by its exercise's folder and then by its own name.
 */
function variantsOf(exercises: readonly Exercise[]): Map<Exercise, GeneratedMutant[]> {
  const sources = exercises.flatMap((exercise) =>
    exercise.files.map((file) => ({
      file: `${exercise.slug}/${file}`,
      text: readFileSync(join(repoRoot, "solutions", exercise.slug, file), "utf8"),
    })),
  );
  const made = generateMutants(sources).filter((m) => m.kind === "parameter");
  return new Map(
    exercises.map((exercise) => {
      const listed = equivalents[exercise.slug] ?? [];
      const mine = made
        .filter((m) => m.file.startsWith(`${exercise.slug}/`))
        .map((m) => ({ ...m, file: m.file.slice(exercise.slug.length + 1) }))
        .filter(
          (m) =>
            !listed.some(
              (e) =>
                e.file === m.file &&
                e.line === m.line &&
                e.column === m.column &&
                e.change === m.change,
            ),
        );
      return [exercise, mine] as const;
    }),
  );
}

const variants = variantsOf(exercises);
const plans = exercises.map((exercise) => ({ exercise, variants: variants.get(exercise)! }));

/** One grading of the run: the solution (no variant) or one variant. */
interface Grading {
  readonly exercise: Exercise;
  readonly variant: GeneratedMutant | undefined;
  readonly verdict: Promise<{ verdict: Verdict; cpu: number }>;
}

const runRoot = join(stateDir, "parameter-variants", String(process.pid));
let started: Promise<void> | undefined;
const gradings: Grading[] = [];
const settle: ((result: { verdict: Verdict; cpu: number }) => void)[] = [];
const fail: ((error: unknown) => void)[] = [];
for (const { exercise, variants } of plans)
  for (const variant of [undefined, ...variants]) {
    const verdict = new Promise<{ verdict: Verdict; cpu: number }>((resolve, reject) => {
      settle.push(resolve);
      fail.push(reject);
    });
    // A failed run is reported by the tests that wait for it, not as an unhandled rejection.
    verdict.catch(() => {});
    gradings.push({ exercise, variant, verdict });
  }

/**
 * Starts the one run that grades everything, in exercise order (each exercise's solution first,
 * then its variants), so that the first exercise's test waits only for its own gradings.
 */
function start(): Promise<void> {
  started ??= (async () => {
    rmSync(runRoot, { recursive: true, force: true });
    const jobs: Job[] = gradings.map(({ exercise, variant }, i) => {
      const root = join(runRoot, String(i));
      const folder = join(root, exercise.slug);
      mkdirSync(folder, { recursive: true });
      cpSync(join(repoRoot, "solutions", exercise.slug), folder, { recursive: true });
      if (variant) writeFileSync(join(folder, variant.file), variant.source);
      return {
        task: { grader: graderFile(exercise), slug: exercise.slug, root, tag: `p${i}` },
        limitSeconds: exercise.timeLimitSeconds,
      };
    });
    await gradeAll(jobs, { jobs: 1, seed: defaultSeed, runRoot }, (i, verdict, cpu) =>
      settle[i]!({ verdict, cpu }),
    );
  })().catch((error: unknown) => {
    // Only the gradings still waiting fail: rejecting a settled promise does nothing.
    for (const reject of fail) reject(error);
  });
  return started;
}

afterAll(async () => {
  await started;
  rmSync(runRoot, { recursive: true, force: true });
});

describe.each(plans)("$exercise.slug", ({ exercise, variants }) => {
  test(`the solution passes and each parameter-constant variant fails (${variants.length})`, {
    timeout: 600_000,
  }, async () => {
    void start();
    const mine = gradings.filter((g) => g.exercise === exercise);
    const results = await Promise.all(mine.map((g) => g.verdict));
    const [solution, ...rest] = results;
    expect(solution!.verdict, `${exercise.slug}'s solution, in the run's process`).toEqual({
      outcome: "survived",
    });
    const survivors = rest.flatMap(({ verdict }, i) => {
      const v = mine[i + 1]!.variant!;
      return verdict.outcome === "survived"
        ? [`${exercise.slug}/${v.file}:${v.line}:${v.column} ${v.change}`]
        : [];
    });
    expect(survivors, "variants the grader passes: an argument it never varies").toEqual([]);
  });
});
