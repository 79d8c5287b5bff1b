/**
 * What the makemore-3 graders share to compare a learner's tensors with the kit's: the same
 * tolerance, the same shape sentence, the same "first element that differs".
 */
import { fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { isClose } from "#kit/expect.ts";
import { type ScenarioValues, scenario } from "#kit/scenario.ts";
import type { Loader } from "#kit/target.ts";
import { Tensor } from "#reference/tensor/index.ts";

export const tolerance = { rtol: 1e-4, atol: 1e-4 };

/** Whether `got` is a tensor with `want`'s elements (its shape may differ: [h] for [1, h] is fine). */
export function same(got: unknown, want: Tensor): boolean {
  return (
    got instanceof Tensor &&
    got.numel() === want.numel() &&
    want.storage.every((v, i) => isClose(got.storage[i]!, v, tolerance))
  );
}

/** `got` as a Tensor of exactly `shape`, or the check fails saying what it is instead. */
export function expectTensor(got: unknown, what: string, shape: readonly number[]): Tensor {
  if (!(got instanceof Tensor))
    fail(`\`${what}\` should be a Tensor, but it is ${describeValue(got)}.`);
  if (got.shape.join() !== shape.join())
    fail(
      `\`${what}\` should have shape [${shape.join(", ")}], but it has [${got.shape.join(", ")}].`,
    );
  return got;
}

/** The first element where `got` and `want` differ, as a sentence. */
export function firstDifference(got: Tensor, want: Tensor, what: string): string {
  const i = want.storage.findIndex((v, k) => !isClose(got.storage[k]!, v, tolerance));
  return `element ${i} of ${what} should be ${formatNumber(want.storage[i]!)}, but it is ${formatNumber(got.storage[i]!)}`;
}

/** Runs a scenario and hands back its variables, for a diagnosis's second input. */
export async function scenarioValues<T>(learner: Loader<T>, code: string): Promise<ScenarioValues> {
  let out: ScenarioValues = {};
  await scenario(learner, code, (values) => {
    out = values;
  });
  return out;
}
