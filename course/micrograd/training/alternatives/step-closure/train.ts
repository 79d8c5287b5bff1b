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
  const pairs = inputs.map((x, i) => [model.call(x)[0]!, targets[i]!] as const);
  const [first, ...rest] = pairs.map(([prediction, target]) => prediction.sub(target).pow(2));
  return rest.reduce((sum, term) => sum.add(term), first!);
}

/** Trains in place and returns the loss of each step, measured before that step's update. */
export function train(
  model: MLP,
  inputs: readonly number[][],
  targets: readonly number[],
  options: { steps: number; learningRate: number },
): number[] {
  const step = (): number => {
    const loss = squaredError(model, inputs, targets);
    model.parameters().forEach((p) => {
      p.grad = 0;
    });
    loss.backward();
    model.parameters().forEach((p) => {
      p.data += -options.learningRate * p.grad;
    });
    return loss.data;
  };
  // Array.from calls step once per entry, in order: entry k is the loss of step k.
  return Array.from({ length: options.steps }, step);
}
