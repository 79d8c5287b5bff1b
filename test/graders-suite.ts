/**
 * A check that cannot fail is a defect. For every exercise: the grader passes on the solution,
 * gives zero on the untouched stub, catches every mutant with the message it is meant to get
 * (naming the mutant's mistake), and accepts every alternative.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { curriculum, type Track } from "#course/curriculum.ts";
import { listAlternatives, listMutants, materialiseVariant } from "#kit/mutants.ts";
import { graderFile, repoRoot } from "#kit/paths.ts";
import { gradeExercise } from "#kit/supervise.ts";

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

  function summary(result: Awaited<ReturnType<typeof gradeExercise>>): string {
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
      const result = await gradeExercise(exercise, { target: "solutions" });
      expect(result.status, summary(result)).toBe("passed");
      expect(
        result.checks.reduce((s, c) => s + c.points, 0),
        "the checks' points add up to the curriculum's",
      ).toBe(exercise.points);
      expect(result.earned).toBe(exercise.points);
    });

    test("the untouched stub fails every check", async () => {
      const result = await gradeExercise(exercise, { target: "exercises" });
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
    // Mutants and alternatives are graded without the kit's type check of the learner's files:
    // they are part of the project, so `npm run typecheck` (the first step of `npm test`)
    // already type-checks every one of them, and the checks judged here are the grader's.
    // The type check itself is shown on the stubs and solutions above and in harness.test.ts.
    const variantGrading = { typecheck: false } as const;
    test.each(mutants.map((m) => [m.name, m] as const))(
      "catches the mutant %s",
      async (_name, mutant) => {
        const result = await gradeExercise(exercise, {
          ...variantGrading,
          target: materialiseVariant(mutant),
        });
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
        const result = await gradeExercise(exercise, {
          ...variantGrading,
          target: materialiseVariant(alternative),
        });
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
