/**
 * Gradient descent on the lecture's tiny dataset: forward pass, loss, zero the gradients,
 * backward pass, nudge every parameter against its gradient. Repeat.
 */
import { Value } from "#reference/micrograd/engine.ts";
import type { MLP } from "#reference/micrograd/nn.ts";

/** The lecture's four examples and their targets. */
export const xs: number[][] = [
  [2, 3, -1],
  [3, -1, 0.5],
  [0.5, 1, 1],
  [1, 1, -1],
];
export const ys: number[] = [1, -1, -1, 1];

/** sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred)): Python's sum starts from 0. */
export function squaredError(
  model: MLP,
  inputs: readonly number[][],
  targets: readonly number[],
): Value {
  let loss = new Value(0);
  inputs.forEach((x, i) => {
    const error = model.call(x)[0]!.sub(targets[i]!);
    loss = loss.add(error.pow(2));
  });
  return loss;
}

/** Trains in place and returns the loss of each step, measured before that step's update. */
export function train(
  model: MLP,
  inputs: readonly number[][],
  targets: readonly number[],
  options: { steps: number; learningRate: number },
): number[] {
  const params = model.parameters();
  const losses: number[] = [];
  let step = 0;
  while (step < options.steps) {
    const loss = squaredError(model, inputs, targets);
    for (const p of params) p.grad = 0;
    loss.backward();
    for (const p of params) p.data -= options.learningRate * p.grad;
    losses.push(loss.data);
    step += 1;
  }
  return losses;
}
