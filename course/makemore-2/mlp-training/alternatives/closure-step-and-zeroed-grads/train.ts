/**
 * Minibatch training: each step looks at 32 random examples instead of all 182,625 — a noisy
 * gradient, but thousands of times cheaper, so many more steps fit in the same time. The
 * learning rate is 0.1, then 0.01 for the second half (step decay), to settle into a minimum.
 */

import type { MlpParameters as Parameters } from "#reference/makemore/model.ts";
import {
  crossEntropy,
  type Generator,
  noGrad,
  randint,
  type Tensor,
} from "#reference/tensor/index.ts";

const decay = [0.1, 0.01] as const;

/** 0.1 for the first half of the steps, 0.01 after. */
export function learningRate(step: number, steps: number): number {
  return decay[step < steps / 2 ? 0 : 1];
}

/** The lecture's forward pass, written out: embed, flatten, tanh layer, logits. */
function logits(p: Parameters, Xb: Tensor): Tensor {
  const emb = p.C.index(Xb);
  const h = emb.view(Xb.shape[0]!, -1).matmul(p.W1).add(p.b1).tanh();
  return h.matmul(p.W2).add(p.b2);
}

/**
 * One step as a closure over the model and the data: draw a minibatch, zero the gradients in
 * place (PyTorch 1.13's zero_grad), backward, and `p -= lr * p.grad` under no-grad.
 */
function stepper(p: Parameters, X: Tensor, Y: Tensor, g: Generator) {
  const parameters = [p.C, p.W1, p.b1, p.W2, p.b2];
  return (lr: number): number => {
    const ix = randint(0, X.shape[0]!, [32], { generator: g });
    const loss = crossEntropy(logits(p, X.index(ix)), Y.index(ix));
    for (const q of parameters) q.grad?.zero_();
    loss.backward();
    noGrad(() => {
      for (const q of parameters) q.sub_(q.grad!.mul(lr));
    });
    return loss.item();
  };
}

/** Trains in place; minibatches of 32 are drawn from g with randint. Returns each step's minibatch loss. */
export function train(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  const step = stepper(p, X, Y, g);
  return Array.from({ length: steps }, (_, i) => step(learningRate(i, steps)));
}
