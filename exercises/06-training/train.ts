/**
 * Gradient descent on the lecture's tiny dataset. The Value engine and MLP are the kit's
 * (you built the same in exercises 2-5). Read README.md in this folder first.
 */
import type { Value } from "#reference/micrograd/engine.ts";
import type { MLP } from "#reference/micrograd/nn.ts";
import { todo } from "#reference/todo.ts";

/** The lecture's four examples and their targets. */
export const xs: number[][] = [
  [2, 3, -1],
  [3, -1, 0.5],
  [0.5, 1, 1],
  [1, 1, -1],
];
export const ys: number[] = [1, -1, -1, 1];

/** The sum over examples of (prediction - target)², as one Value. */
export function squaredError(
  model: MLP,
  inputs: readonly number[][],
  targets: readonly number[],
): Value {
  return todo(
    "squaredError: model.call(x)[0] for each input, then the sum of (prediction - target) ** 2 as one Value",
  );
}

/** Trains in place and returns the loss of each step, measured before that step's update. */
export function train(
  model: MLP,
  inputs: readonly number[][],
  targets: readonly number[],
  options: { steps: number; learningRate: number },
): number[] {
  return todo(
    "train: each step: loss, zero every grad, loss.backward(), p.data += -learningRate * p.grad; collect loss.data",
  );
}
