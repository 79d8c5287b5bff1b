/**
 * Gradient descent on the lecture's tiny dataset: forward pass, loss, zero the gradients,
 * backward pass, nudge every parameter against its gradient. Repeat.
 */
import type { Value } from "#reference/micrograd/engine.ts";
import type { MLP } from "#reference/micrograd/nn.ts";

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
  const predictions = inputs.map((x) => model.call(x)[0]!);
  let loss = predictions[0]!.sub(targets[0]!).pow(2);
  for (let i = 1; i < predictions.length; i++)
    loss = loss.add(predictions[i]!.sub(targets[i]!).pow(2));
  return loss;
}

/** Trains in place and returns the loss of each step, measured before that step's update. */
export function train(
  model: MLP,
  inputs: readonly number[][],
  targets: readonly number[],
  options: { steps: number; learningRate: number },
): number[] {
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const loss = squaredError(model, inputs, targets);
    for (const p of model.parameters()) p.grad = 0;
    loss.backward();
    for (const p of model.parameters()) p.data += options.learningRate * p.grad;
    losses.push(loss.data);
  }
  return losses;
}
