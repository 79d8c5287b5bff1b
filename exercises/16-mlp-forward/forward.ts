/**
 * The forward pass of the MLP. Read README.md in this folder first.
 */
import type { Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

export interface Parameters {
  C: Tensor;
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** Logits of shape [examples, vocabulary] for contexts X of shape [examples, blockSize]. */
export function forward(p: Parameters, X: Tensor): Tensor {
  return todo("forward: emb = C[X]; h = tanh(emb flattened @ W1 + b1); return h @ W2 + b2");
}
