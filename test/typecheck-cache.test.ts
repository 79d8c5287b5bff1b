/**
 * The type check's kept verdicts (kit/typecheck-cache.ts): an unchanged file is not checked
 * twice, and any change to what tsc read — the learner's file, or a file it imports from
 * elsewhere — is checked afresh. Costs three runs of tsc on exercise 2 (about a second of CPU).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { exerciseBySlug } from "#course/curriculum.ts";
import { repoRoot, stateDir } from "#kit/paths.ts";
import { compilerRunCount, typecheckExercise } from "#kit/typecheck.ts";

const value = exerciseBySlug("02-value")!;
const root = join(stateDir, "fixtures", "typecheck-cache");
const file = join(root, value.slug, "value.ts");
const helper = join(root, "shared", "operand.ts");
const solution = readFileSync(join(repoRoot, "solutions", value.slug, "value.ts"), "utf8");

afterAll(() => rmSync(root, { recursive: true, force: true }));

test("an unchanged file keeps its verdict; a change to it or to a file it imports does not", async () => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, value.slug), { recursive: true });
  mkdirSync(join(root, "shared"), { recursive: true });
  // The learner's file takes one name from a file outside its folder, which tsc lists.
  writeFileSync(helper, "export const three: number = 3;\n");
  const wrong = `import { three } from "../shared/operand.ts";\n${solution.replace(
    'return new Value(this.data * o.data, [this, o], "*");',
    'return new Value(this.data * o.data, [this, other], "*");',
  )}\nexport const alsoThree: number = three;\n`;
  writeFileSync(file, wrong);

  const runs = compilerRunCount();
  const first = await typecheckExercise(value, root);
  expect(first.map((p) => p.code)).toContain(2322);
  expect(compilerRunCount()).toBe(runs + 1);

  // The same file again: the same verdict, without tsc.
  expect(await typecheckExercise(value, root)).toEqual(first);
  expect(compilerRunCount()).toBe(runs + 1);

  // The imported file changes (a string where a number was): checked afresh, a new error.
  writeFileSync(helper, 'export const three: string = "three";\n');
  const second = await typecheckExercise(value, root);
  expect(compilerRunCount()).toBe(runs + 2);
  expect(second.length).toBe(first.length + 1);

  // The learner's own file is fixed: checked afresh, no problems.
  writeFileSync(file, solution);
  expect(await typecheckExercise(value, root)).toEqual([]);
  expect(compilerRunCount()).toBe(runs + 3);
});
