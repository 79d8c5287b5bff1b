/**
 * The type check's kept verdicts (kit/typecheck-cache.ts): an unchanged file is not checked
 * twice, and any change to what tsc read — the learner's file, or a file it imports from
 * elsewhere — is checked afresh; files that import nothing are checked without Node's types
 * first. Costs about nine short runs of tsc on exercise 2 (about two seconds of CPU).
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

  let runs = compilerRunCount();
  const first = await typecheckExercise(value, root);
  expect(first.map((p) => p.code)).toContain(2322);
  expect(compilerRunCount()).toBeGreaterThan(runs);

  // The same file again: the same verdict, without tsc.
  runs = compilerRunCount();
  expect(await typecheckExercise(value, root)).toEqual(first);
  expect(compilerRunCount()).toBe(runs);

  // The imported file changes (a string where a number was): checked afresh, a new error.
  writeFileSync(helper, 'export const three: string = "three";\n');
  const second = await typecheckExercise(value, root);
  expect(compilerRunCount()).toBeGreaterThan(runs);
  expect(second.length).toBe(first.length + 1);

  // The learner's own file is fixed: checked afresh, no problems.
  runs = compilerRunCount();
  writeFileSync(file, solution);
  expect(await typecheckExercise(value, root)).toEqual([]);
  expect(compilerRunCount()).toBe(runs + 1);
});

test("a file that imports nothing is checked without Node's types, and with them when it needs them", async () => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, value.slug), { recursive: true });
  // A debugging print passes the lean check: one run of tsc.
  writeFileSync(file, `${solution}\nconsole.log(new Value(2).mul(3).data);\n`);
  let runs = compilerRunCount();
  expect(await typecheckExercise(value, root)).toEqual([]);
  expect(compilerRunCount()).toBe(runs + 1);
  // Node's process is not in the lean check: the full one decides, and finds nothing wrong.
  writeFileSync(file, `${solution}\nexport const args: string[] = process.argv;\n`);
  runs = compilerRunCount();
  expect(await typecheckExercise(value, root)).toEqual([]);
  expect(compilerRunCount()).toBe(runs + 2);
  // A real error is found, at the learner's line, whichever check finds it.
  writeFileSync(file, `${solution}\nexport const three: string = new Value(3).data;\n`);
  const problems = await typecheckExercise(value, root);
  expect(problems.map((p) => p.code)).toEqual([2322]);
  expect(problems[0]!.line).toBe(solution.split("\n").length + 1);
});
