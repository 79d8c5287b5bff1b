/**
 * Sampling names from the MLP. The forward pass is written (exercise 16).
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

export function forward(p: Parameters, X: Tensor): Tensor {
  const emb = p.C.index(X);
  const h = emb.view(emb.shape[0]!, -1).matmul(p.W1).add(p.b1).tanh();
  return h.matmul(p.W2).add(p.b2);
}

/** `count` names drawn from the network with generator g. */
export function sampleNames(
  p: Parameters,
  itos: readonly string[],
  blockSize: number,
  count: number,
  g: Generator,
): string[] {
  return todo(
    "sampleNames: context of blockSize zeros; probs = softmax of forward(p, tensor([context])); draw with multinomial and g; slide the context; stop at 0",
  );
}
