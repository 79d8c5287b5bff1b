/**
 * Minibatch training with step decay. The forward pass is written (exercise 16).
 * Read README.md in this folder first.
 */
import type { Generator, Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

export interface Parameters {
  C: Tensor;
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** The forward pass of exercise 16. */
export function forward(p: Parameters, X: Tensor): Tensor {
  const emb = p.C.index(X);
  const h = emb.view(emb.shape[0]!, -1).matmul(p.W1).add(p.b1).tanh();
  return h.matmul(p.W2).add(p.b2);
}

/** 0.1 for the first half of the steps, 0.01 after. */
export function learningRate(step: number, steps: number): number {
  return todo("learningRate: 0.1 while step < steps / 2, then 0.01");
}

/** Trains in place; minibatches of 32 are drawn from g with randint. Returns each step's minibatch loss. */
export function train(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  return todo(
    "train: each step, ix = randint(0, n, [32], { generator: g }); loss on X.index(ix), Y.index(ix); zero grads, backward, update with learningRate(step, steps)",
  );
}
