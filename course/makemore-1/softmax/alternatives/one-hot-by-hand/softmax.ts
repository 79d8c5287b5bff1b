/**
 * The bigram model as a neural network: one-hot inputs, a 27×27 weight matrix, and softmax
 * to turn the network's outputs (logits) into probabilities.
 */

import { type Tensor, zeros } from "#reference/tensor/index.ts";

export function oneHotInputs(xs: Tensor, size: number): Tensor {
  const rows = zeros([xs.numel(), size]);
  for (let k = 0; k < xs.numel(); k++) rows.set(1, k, xs.storage[k]!);
  return rows;
}

export function bigramLogits(W: Tensor, xs: Tensor): Tensor {
  return oneHotInputs(xs, W.shape[0]!).matmul(W);
}

export function softmaxRows(logits: Tensor): Tensor {
  const counts = logits.sub(logits.max(1, true).values).exp();
  return counts.mul(counts.sum(1, true).pow(-1));
}
