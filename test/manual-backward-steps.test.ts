/**
 * Exercise 28 grades the backward pass one step at a time, each step fed with autograd's correct
 * upstream gradients: a learner file with exactly one wrong step fails exactly that step's check
 * (and the end-to-end chain, which names it as where the pass departs), and every other step
 * passes. Shown on mutants from each part of the pass: cross-entropy, BatchNorm, the embedding.
 */
import { expect, test } from "vitest";
import { exerciseBySlug } from "#course/curriculum.ts";
import { listMutants, materialiseVariant } from "#kit/mutants.ts";
import { gradeExercise } from "#kit/supervise.ts";

const exercise = exerciseBySlug("28-manual-backward")!;
// Not max-grad-forgotten: the dlogits step catches it with a made-up dlogit_maxes, but run end to
// end its own dlogit_maxes is almost 0 (a row's shift leaves its softmax alone), so the chain
// rightly agrees with autograd, as the lecture's cmp does.
const chosen = [
  "path-not-summed",
  "tanh-derivative-from-input",
  "variance-divided-by-n",
  "dc-assigned-not-accumulated",
];
const mutants = (await listMutants(exercise)).filter((m) => chosen.includes(m.name));

test("the chosen mutants exist", () => {
  expect(mutants.map((m) => m.name).sort()).toEqual([...chosen].sort());
});

test.each(mutants.map((m) => [m.name, m] as const))(
  "one wrong step (%s) fails exactly that step, and the chain names it",
  async (_name, mutant) => {
    const result = await gradeExercise(exercise, { target: materialiseVariant(mutant) });
    const failed = result.checks.filter((c) => c.status !== "passed").map((c) => c.id);
    expect(failed.sort(), result.checks.map((c) => `${c.id}: ${c.message}`).join("\n")).toEqual(
      [mutant.check, "chain"].sort(),
    );
    // The chain names the step as its check is named: dbndiff2 is "dbndiff2", dC is "dc".
    const chain = result.checks.find((c) => c.id === "chain")!;
    expect(chain.message.toLowerCase().replaceAll("_", "-")).toContain(
      `departs from autograd first at ${mutant.check} (`,
    );
  },
  120_000,
);
