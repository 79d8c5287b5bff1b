/**
 * One tsc run for many targets (a roster, the mutation run's mutants): tsc reports no type
 * errors at all while any file has a syntax error, so a file that does not parse must not hide
 * the type errors of the others.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { exerciseByNumber } from "#course/curriculum.ts";
import { repoRoot, stateDir } from "#kit/paths.ts";
import { typecheckTargets } from "#kit/typecheck.ts";

test("a syntax error in one target does not hide a type error in another", async () => {
  const exercise = exerciseByNumber(27)!;
  const file = exercise.files[0]!;
  const solution = readFileSync(join(repoRoot, "solutions", exercise.slug, file), "utf8");
  const base = join(stateDir, "test-typecheck");
  rmSync(base, { recursive: true, force: true });
  const target = (name: string, text: string) => {
    const root = join(base, name);
    mkdirSync(join(root, exercise.slug), { recursive: true });
    cpSync(join(repoRoot, "solutions", exercise.slug), join(root, exercise.slug), {
      recursive: true,
    });
    writeFileSync(join(root, exercise.slug, file), text);
    return root;
  };
  const unparsed = target("unparsed", `${solution}\nexport const broken = (;\n`);
  const mistyped = target("mistyped", `${solution}\nexport const wrong: number = "a";\n`);
  const clean = target("clean", solution);
  try {
    const problemsOf = await typecheckTargets(
      [unparsed, mistyped, clean].map((root) => ({ root, exercises: [exercise] })),
    );
    expect(problemsOf(unparsed, exercise).some((p) => p.code < 2000)).toBe(true);
    expect(problemsOf(mistyped, exercise).map((p) => p.code)).toEqual([2322]);
    expect(problemsOf(clean, exercise)).toEqual([]);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}, 60_000);
