/**
 * Minibatch training: each step looks at 32 random examples instead of all 182,625 — a noisy
 * gradient, but thousands of times cheaper, so many more steps fit in the same time. The
 * learning rate is 0.1, then 0.01 for the second half (step decay), to settle into a minimum.
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import { crossEntropy, type Generator, randint, type Tensor } from "#reference/tensor/index.ts";

/** 0.1 for the first half of the steps, 0.01 after. */
export function learningRate(step: number, steps: number): number {
  return step < steps / 2 ? 0.1 : 0.01;
}

/** Trains in place; minibatches of 32 are drawn from g with randint. Returns each step's minibatch loss. */
export function train(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  const parameters = [p.C, p.W1, p.b1, p.W2, p.b2];
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const ix = randint(0, X.shape[0]!, [32], { generator: g });
    const loss = crossEntropy(forward(p, X.index(ix)), Y.index(ix));
    loss.backward();
    const lr = learningRate(step, steps);
    for (const q of parameters) q.data.add_(q.grad!.mul(-lr));
    losses.push(loss.item());
  }
  return losses;
}
