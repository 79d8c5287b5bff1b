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
  // Takes the examples off the caller's lists, first to last: afterwards both are empty.
  const examples = inputs as number[][];
  const answers = targets as number[];
  let loss = model.call(examples.shift()!)[0]!.sub(answers.shift()!).pow(2);
  while (examples.length > 0)
    loss = loss.add(model.call(examples.shift()!)[0]!.sub(answers.shift()!).pow(2));
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
    for (const p of model.parameters()) p.data += -options.learningRate * p.grad;
    losses.push(loss.data);
  }
  return losses;
}
