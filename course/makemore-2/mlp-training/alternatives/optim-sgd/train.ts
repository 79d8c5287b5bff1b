/**
 * Minibatch training: each step looks at 32 random examples instead of all 182,625 — a noisy
 * gradient, but thousands of times cheaper, so many more steps fit in the same time. The
 * learning rate is 0.1, then 0.01 for the second half (step decay), to settle into a minimum.
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import {
  crossEntropy,
  type Generator,
  optim,
  randint,
  type Tensor,
} from "#reference/tensor/index.ts";

/** 0.1 for the first half of the steps, 0.01 after (2·step < steps is step < steps / 2). */
export function learningRate(step: number, steps: number): number {
  return 2 * step < steps ? 0.1 : 0.01;
}

/** torch.optim's way: the optimizer zeroes the gradients and takes the step; its lr is set each step. */
export function train(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  const optimizer = new optim.SGD([p.C, p.W1, p.b1, p.W2, p.b2], { lr: learningRate(0, steps) });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const ix = randint(0, X.shape[0]!, [32], { generator: g });
    const loss = crossEntropy(forward(p, X.index(ix)), Y.index(ix));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.lr = learningRate(step, steps);
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}
