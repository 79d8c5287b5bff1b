/**
 * Finding a good learning rate: train from a fresh start while the rate grows exponentially
 * from 0.001 to 1 over the steps, and watch where the loss falls fastest before it blows up.
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import {
  crossEntropy,
  type Generator,
  linspace,
  randint,
  type Tensor,
} from "#reference/tensor/index.ts";

/** The exponents: steps values evenly spaced from -3 to 0 (lre = torch.linspace(-3, 0, steps)). */
export function exponents(steps: number): number[] {
  return [...linspace(-3, 0, steps).storage];
}

/** One training step per exponent, at learning rate 10^exponent; returns each step's minibatch loss. */
export function sweep(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  const parameters = [p.C, p.W1, p.b1, p.W2, p.b2];
  const lre = exponents(steps);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const ix = randint(0, X.shape[0]!, [32], { generator: g });
    const loss = crossEntropy(forward(p, X.index(ix)), Y.index(ix));
    for (const q of parameters) q.grad = null;
    loss.backward();
    const lr = 10 ** lre[step]!;
    for (const q of parameters) q.data.add_(q.grad!.mul(-lr));
    losses.push(loss.item());
  }
  return losses;
}

/** The exponent at which the loss was lowest: a rough guide to a good learning rate. */
export function bestExponent(lre: readonly number[], losses: number[]): number {
  // Sorts the caller's losses in place, smallest first, and finds the smallest in a copy.
  const before = [...losses];
  losses.sort((a, b) => a - b);
  return lre[before.indexOf(losses[0]!)]!;
}
