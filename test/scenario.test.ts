/**
 * Scenarios (kit/scenario.ts): a check runs the code it shows. The runner binds the imports a
 * learner would write, hands back the variables the code declared, and attaches the code to any
 * failure; and the code a grader prints runs as printed, beside the learner's file.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { exerciseBySlug } from "#course/curriculum.ts";
import { CheckFailure, fail, LoadFailure } from "#kit/check.ts";
import { listMutants, materialiseVariant } from "#kit/mutants.ts";
import { repoRoot } from "#kit/paths.ts";
import { runScenario, scenario } from "#kit/scenario.ts";
import { gradeExercise } from "#kit/supervise.ts";
import type { Loader } from "#kit/target.ts";
import * as engine from "#solutions/04-more-ops/engine.ts";

const learner: Loader<typeof engine> = Object.assign(async () => engine, { file: "engine.ts" });

test("the variables the code declares come back, the learner's and the kit's imports bound", async () => {
  const values = await runScenario(
    learner,
    `import { Value } from "./engine.ts";
import { tensor } from "#reference/tensor/index.ts";
// a comment before the statements is fine
const a = new Value(3);
const { data } = a.mul(2);
let [first, second] = [1, 2];
const t = tensor([1, 2, 3]).sum();`,
  );
  expect(values["a"]).toBeInstanceOf(engine.Value);
  expect(values["data"]).toBe(6);
  expect([values["first"], values["second"]]).toEqual([1, 2]);
  expect(values["t"].item()).toBe(6);
});

test("an import the learner's file lacks, or a module a learner may not import, is the grader's error", async () => {
  await expect(
    runScenario(learner, `import { Missing } from "./engine.ts";\nconst x = 1;`),
  ).rejects.toThrow(/does not export/);
  await expect(
    runScenario(learner, `import { check } from "#kit/check.ts";\nconst x = 1;`),
  ).rejects.toThrow(/may import/);
});

test("a failure inside carries the code; a throw of the learner's code becomes one sentence with it", async () => {
  const code = `import { Value } from "./engine.ts";\nconst a = new Value(2);`;
  const failure = await scenario(learner, code, () => fail("wrong")).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(CheckFailure);
  expect((failure as CheckFailure).code).toBe(code);
  const throwing = `import { Value } from "./engine.ts";\nconst a = new Value(2).nope();`;
  const crash = await runScenario(learner, throwing).catch((e: unknown) => e);
  expect(crash).toBeInstanceOf(CheckFailure);
  expect((crash as CheckFailure).message).toMatch(/^This code failed: .*nope/);
  expect((crash as CheckFailure).code).toBe(throwing);
  const broken: Loader<typeof engine> = Object.assign(
    async () => {
      throw new LoadFailure("cannot load");
    },
    { file: "engine.ts" },
  );
  await expect(runScenario(broken, "const x = 1;")).rejects.toBeInstanceOf(LoadFailure);
});

test("the code a failure prints runs as printed, beside the learner's file", async () => {
  const exercise = exerciseBySlug("03-backward")!;
  const mutant = (await listMutants(exercise)).find(
    (m) => m.name === "grad-assigned-not-accumulated",
  )!;
  const target = materialiseVariant(mutant);
  const result = await gradeExercise(exercise, { target });
  const failed = result.checks.find((c) => c.id === "accumulate")!;
  expect(failed.code).toContain('import { Value } from "./engine.ts";');
  const scratch = join(target, exercise.slug, "scratch.ts");
  writeFileSync(scratch, `${failed.code}\nconsole.log(JSON.stringify(a.grad));\n`);
  const run = spawnSync(process.execPath, ["--import", "tsx", scratch], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  // The mutant's bug, reproduced by the printed code: a + a gives a.grad 1, not 2.
  expect(run.stdout.trim()).toBe("1");
});
