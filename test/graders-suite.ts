/**
 * A check that cannot fail is a defect. For every exercise: the grader passes on the solution,
 * gives zero on the untouched stub, catches every mutant with the message it is meant to get
 * (naming the mutant's mistake), and accepts every alternative.
 *
 * Starting a grading process costs more than grading most exercises, so the track's gradings
 * are batched the way `npm run grade` batches a learner's: one target folder holds one variant
 * of each exercise (the k-th mutant or alternative of every exercise side by side), and one
 * process grades the folder's exercises in turn. supervise.ts keeps each verdict what a fresh
 * process would give: anything a variant leaves behind (a patched built-in or kit class, a timer,
 * a listener) sends the next exercise to a fresh process, and a time-out or crash in a reused
 * process is graded again in a fresh one.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { curriculum, type Track } from "#course/curriculum.ts";
import type { ExerciseSpec } from "#kit/exercise.ts";
import { listAlternatives, listMutants, type Variant } from "#kit/mutants.ts";
import { graderFile, repoRoot, stateDir } from "#kit/paths.ts";
import { type GradeRun, type GradeTask, gradeMany } from "#kit/supervise.ts";

/** A grading the tests wait for: the exercise and what it is graded on. */
type Grading = "solutions" | "exercises" | Variant;

function keyOf(exercise: ExerciseSpec, grading: Grading): string {
  return typeof grading === "string"
    ? `${exercise.slug} ${grading}`
    : `${exercise.slug} ${grading.kind}/${grading.name}`;
}

/** Gradings done together: one gradeMany call, one grading process at a time. */
interface Batch {
  /** Writes the batch's target folders; called when the batch starts. */
  readonly prepare: () => void;
  readonly tasks: readonly { readonly task: GradeTask; readonly key: string }[];
  readonly typecheck: boolean;
}

/**
 * The batches of a track: first the solutions and the stubs, type-checked as a learner's files
 * are; then the variants, in layers. Mutants and alternatives are graded without the kit's
 * type check of the learner's files: they are part of the project, so `npm run typecheck` (the
 * first step of `npm test`) already type-checks every one of them, and the checks judged here
 * are the grader's. The type check itself is shown on the stubs and solutions and in
 * harness.test.ts.
 */
function trackBatches(
  track: Track,
  exercises: readonly ExerciseSpec[],
  variants: ReadonlyMap<string, readonly Variant[]>,
): Batch[] {
  const plain: Batch = {
    prepare: () => {},
    tasks: (["solutions", "exercises"] as const).flatMap((target) =>
      exercises.map((exercise) => ({ task: { exercise, target }, key: keyOf(exercise, target) })),
    ),
    typecheck: true,
  };
  const layers = Math.max(0, ...exercises.map((e) => variants.get(e.slug)!.length));
  const layered = Array.from({ length: layers }, (_, layer): Batch => {
    const root = join(stateDir, "graders-suite", track, String(layer));
    const members = exercises.flatMap((exercise) => {
      const variant = variants.get(exercise.slug)![layer];
      return variant ? [{ exercise, variant }] : [];
    });
    return {
      prepare: () => {
        rmSync(root, { recursive: true, force: true });
        for (const { exercise, variant } of members) {
          // The solution with the variant's files in place, as materialiseVariant writes it.
          const folder = join(root, exercise.slug);
          mkdirSync(folder, { recursive: true });
          cpSync(join(repoRoot, "solutions", exercise.slug), folder, { recursive: true });
          for (const file of variant.files) cpSync(join(variant.folder, file), join(folder, file));
        }
      },
      tasks: members.map(({ exercise, variant }) => ({
        task: { exercise, target: root },
        key: keyOf(exercise, variant),
      })),
      typecheck: false,
    };
  });
  return [plain, ...layered];
}

/**
 * Gradings on demand: the first test that needs a grading starts its batch, after any batch
 * already under way (one grading process at a time, as one vitest worker runs one file), so a
 * run narrowed with -t grades only the batches of the tests it runs. `settled` waits for every
 * batch started, so that no grading process outlives the file.
 */
function onDemand(batches: readonly Batch[]): {
  graded: (key: string) => Promise<GradeRun>;
  settled: () => Promise<unknown>;
} {
  const results = new Map<string, Promise<GradeRun>>();
  let queue: Promise<unknown> = Promise.resolve();
  const start = (batch: Batch) => {
    const settle = new Map<string, (run: GradeRun) => void>();
    const fail: ((error: unknown) => void)[] = [];
    for (const { key } of batch.tasks) {
      const run = new Promise<GradeRun>((resolve, reject) => {
        settle.set(key, resolve);
        fail.push(reject);
      });
      // A failure is reported by the tests that wait for it, not as an unhandled rejection.
      run.catch(() => {});
      results.set(key, run);
    }
    queue = queue.then(async () => {
      let failure: unknown = new Error("the batch ended without this grading");
      try {
        batch.prepare();
        await gradeMany(
          batch.tasks.map((t) => t.task),
          {
            jobs: 1,
            typecheck: batch.typecheck,
            onResult: (_task, run, index) => settle.get(batch.tasks[index]!.key)!(run),
          },
        );
      } catch (error) {
        failure = error;
      }
      // Only the gradings still waiting fail: rejecting a settled promise does nothing.
      for (const reject of fail) reject(failure);
    });
  };
  return {
    graded: (key) => {
      if (!results.has(key)) {
        const batch = batches.find((b) => b.tasks.some((t) => t.key === key));
        if (!batch) return Promise.reject(new Error(`nothing grades ${key}`));
        start(batch);
      }
      return results.get(key)!;
    },
    settled: () => queue,
  };
}

/**
 * The suite for one track; each track has its own test file so that vitest runs them side by
 * side. Async because the mutants' expectations are TypeScript modules, imported before the
 * tests are declared.
 */
export async function gradersSuite(track: Track): Promise<void> {
  const only = process.env["GRADLINGS_ONLY"]?.split(",");
  const exercises = curriculum.filter(
    (e) => e.track === track && (!only || only.includes(e.slug) || only.includes(String(e.number))),
  );
  if (exercises.length === 0) {
    test.skip(`no ${track} exercise selected`, () => {});
    return;
  }

  const variants = new Map(
    await Promise.all(
      exercises.map(
        async (e) =>
          [
            e.slug,
            { mutants: await listMutants(e), alternatives: await listAlternatives(e) },
          ] as const,
      ),
    ),
  );

  const gradings = onDemand(
    trackBatches(
      track,
      exercises,
      new Map(
        exercises.map((e) => {
          const { mutants, alternatives } = variants.get(e.slug)!;
          return [e.slug, [...mutants, ...alternatives]] as const;
        }),
      ),
    ),
  );
  const graded = (exercise: ExerciseSpec, grading: Grading) =>
    gradings.graded(keyOf(exercise, grading));
  afterAll(() => gradings.settled());

  function summary(result: GradeRun): string {
    return [
      result.message,
      ...result.checks.map((c) => `${c.id}: ${c.status} ${c.message}`),
      result.output,
    ].join("\n");
  }

  describe.each(exercises)("$slug", (exercise) => {
    test("has an exercise, a solution and a grader", () => {
      for (const file of exercise.files) {
        expect(
          existsSync(join(repoRoot, "exercises", exercise.slug, file)),
          `exercises/${exercise.slug}/${file}`,
        ).toBe(true);
        expect(
          existsSync(join(repoRoot, "solutions", exercise.slug, file)),
          `solutions/${exercise.slug}/${file}`,
        ).toBe(true);
      }
      expect(existsSync(join(repoRoot, "exercises", exercise.slug, "README.md"))).toBe(true);
      expect(existsSync(graderFile(exercise))).toBe(true);
      expect(exercise.hints.length).toBeGreaterThanOrEqual(2);
    });

    test("the solution passes every check, for full points", async () => {
      const result = await graded(exercise, "solutions");
      expect(result.status, summary(result)).toBe("passed");
      expect(
        result.checks.reduce((s, c) => s + c.points, 0),
        "the checks' points add up to the curriculum's",
      ).toBe(exercise.points);
      expect(result.earned).toBe(exercise.points);
    });

    test("the untouched stub fails every check", async () => {
      const result = await graded(exercise, "exercises");
      expect(result.status, summary(result)).toBe("failed");
      expect(result.earned, summary(result)).toBe(0);
      expect(
        result.checks.every((c) => c.status === "failed"),
        summary(result),
      ).toBe(true);
      expect(result.checks[0]!.message, "the first message says what to implement").toMatch(
        /Not implemented yet/,
      );
    });

    const { mutants, alternatives } = variants.get(exercise.slug)!;
    test.each(mutants.map((m) => [m.name, m] as const))(
      "catches the mutant %s",
      async (_name, mutant) => {
        const result = await graded(exercise, mutant);
        expect(result.status, summary(result)).toBe("failed");
        const check = result.checks.find((c) => c.id === mutant.check);
        expect(check, `the grader has a check "${mutant.check}"`).toBeDefined();
        expect(check!.status, summary(result)).not.toBe("passed");
        expect(check!.message, summary(result)).toContain(mutant.message);
        if (mutant.named) expect(check!.mistake, summary(result)).toBe(mutant.mistake);
        else
          expect(
            [undefined, mutant.mistake],
            `${summary(result)}\nthe check may name no mistake, but never another`,
          ).toContain(check!.mistake);
      },
    );

    test.each(alternatives.map((a) => [a.name, a] as const))(
      "accepts the correct alternative %s",
      async (_name, alternative) => {
        const result = await graded(exercise, alternative);
        expect(result.status, summary(result)).toBe("passed");
        // A correct but wasteful way is passed with a note that says so.
        if (alternative.note !== undefined)
          expect(result.checks.flatMap((c) => c.notes ?? []).join("\n"), summary(result)).toContain(
            alternative.note,
          );
      },
    );
  });
}
