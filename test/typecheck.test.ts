/**
 * Many targets type-checked with one run of tsc (kit/typecheck.ts): tsc reports no type errors
 * while any file has a syntax error, so one learner's (or one mutant's) syntax error must not
 * hide another's type error.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";
import { typecheckTargets } from "#kit/typecheck.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-typecheck-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("a syntax error in one target does not hide a type error in another", async () => {
  const exercise = curriculum[0]!;
  const file = exercise.files[0]!;
  const solution = readFileSync(join(repoRoot, "solutions", exercise.slug, file), "utf8");
  const targets = ["syntax", "type", "clean"].map((name) => {
    const root = join(scratch, name);
    cpSync(join(repoRoot, "solutions", exercise.slug), join(root, exercise.slug), {
      recursive: true,
    });
    return { root, exercises: [exercise] };
  });
  writeFileSync(join(targets[0]!.root, exercise.slug, file), `${solution}\nconst broken = (;\n`);
  writeFileSync(
    join(targets[1]!.root, exercise.slug, file),
    `${solution}\nexport const wrongType: number = "not a number";\n`,
  );
  const problemsOf = await typecheckTargets(targets);
  const codes = targets.map((t) => problemsOf(t.root, exercise).map((p) => p.code));
  expect(codes[0]!.length).toBeGreaterThan(0);
  expect(codes[0]!.every((c) => c < 2000)).toBe(true);
  expect(codes[1]).toEqual([2322]);
  expect(codes[2]).toEqual([]);
}, 120_000);
