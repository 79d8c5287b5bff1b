/**
 * The forward pass of the MLP: embed the window, lay it flat, a tanh hidden layer, and an
 * output layer of one logit per character.
 */
import { cat, type Tensor } from "#reference/tensor/index.ts";

export interface Parameters {
  C: Tensor;
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** Logits of shape [examples, vocabulary] for contexts X of shape [examples, blockSize]. */
export function forward(p: Parameters, X: Tensor): Tensor {
  // The lecture's first way: one embedding per position of the window, joined along dim 1.
  const emb = p.C.index(X);
  const positions = emb.unbind(1);
  const h = cat(positions, 1).matmul(p.W1).add(p.b1).tanh();
  return h.matmul(p.W2).add(p.b2);
}
