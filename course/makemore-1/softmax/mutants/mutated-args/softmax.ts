/**
 * The bigram model as a neural network: one-hot inputs, a 27×27 weight matrix, and softmax
 * to turn the network's outputs (logits) into probabilities.
 */
import { noGrad, oneHot, type Tensor } from "#reference/tensor/index.ts";

/** Row k is all zeros but a 1 at xs[k]; floats, so that it can be multiplied by weights. */
export function oneHotInputs(xs: Tensor, size: number): Tensor {
  return oneHot(xs, size).float();
}

/** The logits of each input character: its one-hot row times W. */
export function bigramLogits(W: Tensor, xs: Tensor): Tensor {
  return oneHotInputs(xs, W.shape[0]!).matmul(W);
}

/**
 * Softmax of each row: exponentiate (counts), divide by the row's sum (probabilities).
 * Subtracting the row's max first changes nothing mathematically and keeps exp from overflowing.
 */
export function softmaxRows(logits: Tensor): Tensor {
  // The row max subtracted from the caller's logits, in place.
  noGrad(() => logits.sub_(logits.max(1, true).values));
  const counts = logits.exp();
  return counts.div(counts.sum(1, true));
}
