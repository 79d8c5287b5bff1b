/**
 * The forward pass of the MLP: embed the window, lay it flat, a tanh hidden layer, and an
 * output layer of one logit per character.
 */
import type { Tensor } from "#reference/tensor/index.ts";

export interface Parameters {
  C: Tensor;
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** Logits of shape [examples, vocabulary] for contexts X of shape [examples, blockSize]. */
export function forward(p: Parameters, X: Tensor): Tensor {
  const blockSize = X.shape[1]!;
  const width = p.C.shape[1]!;
  // The flat window times W1 is a sum over the window's positions: position i's embedding
  // meets W1's rows i·width to (i+1)·width. Added up position by position, from the bias.
  let hpreact = p.b1;
  for (let i = 0; i < blockSize; i++) {
    const embedded = p.C.index(X.select(1, i));
    hpreact = hpreact.add(embedded.matmul(p.W1.narrow(0, i * width, width)));
  }
  return hpreact.tanh().matmul(p.W2).add(p.b2);
}
