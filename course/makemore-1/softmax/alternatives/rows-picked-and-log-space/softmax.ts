/**
 * The bigram model as a neural network: one-hot inputs, a 27×27 weight matrix, and softmax
 * to turn the network's outputs (logits) into probabilities.
 */

import { oneHot, type Tensor } from "#reference/tensor/index.ts";

export function oneHotInputs(xs: Tensor, size: number): Tensor {
  return oneHot(xs, size).float();
}

/** Row k of the logits is row xs[k] of W: a one-hot row times W picks exactly that row. */
export function bigramLogits(W: Tensor, xs: Tensor): Tensor {
  return W.index(xs);
}

export function softmaxRows(logits: Tensor): Tensor {
  const shifted = logits.sub(logits.max(1, true).values);
  return shifted.sub(shifted.exp().sum(1, true).log()).exp();
}
