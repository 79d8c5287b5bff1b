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
  randint,
  scope,
  type Tensor,
} from "#reference/tensor/index.ts";

/** steps exponents evenly spaced from -3 to 0, both ends included; one step is just -3. */
export function exponents(steps: number): number[] {
  if (steps === 1) return [-3];
  return Array.from({ length: steps }, (_, i) => -3 + (3 * i) / (steps - 1));
}

/** One training step per exponent, at learning rate 10^exponent; returns each step's minibatch loss. */
export function sweep(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  const parameters = [p.C, p.W1, p.b1, p.W2, p.b2];
  const losses: number[] = [];
  for (const exponent of exponents(steps)) {
    losses.push(
      scope(() => {
        const ix = randint(0, X.shape[0]!, [32], { generator: g });
        const loss = crossEntropy(forward(p, X.index(ix)), Y.index(ix));
        for (const q of parameters) q.grad = null;
        loss.backward();
        const lr = 10 ** exponent;
        for (const q of parameters) q.data.sub_(q.grad!.mul(lr));
        return loss.item();
      }),
    );
  }
  return losses;
}

/** The exponent at which the loss was lowest: the first lowest, as argmin gives it. */
export function bestExponent(lre: readonly number[], losses: readonly number[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  let exponent = lre[0]!;
  losses.forEach((loss, i) => {
    if (loss < lowest) {
      lowest = loss;
      exponent = lre[i]!;
    }
  });
  return exponent;
}
