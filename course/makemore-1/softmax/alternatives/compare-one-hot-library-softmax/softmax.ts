/**
 * The bigram model as a neural network: one-hot inputs, a 27×27 weight matrix, and softmax
 * to turn the network's outputs (logits) into probabilities.
 */
import { arange, softmax, type Tensor } from "#reference/tensor/index.ts";

/** Entry (k, j) is 1 where xs[k] == j: xs as a column compared with the row 0 … size-1. */
export function oneHotInputs(xs: Tensor, size: number): Tensor {
  return xs.view(-1, 1).eq(arange(size)).float();
}

/** The logits of each input character: its one-hot row times W. */
export function bigramLogits(W: Tensor, xs: Tensor): Tensor {
  return oneHotInputs(xs, W.shape[0]!).matmul(W);
}

/** The library's softmax over each row (dim 1), which shifts by the row's max itself. */
export function softmaxRows(logits: Tensor): Tensor {
  return softmax(logits, 1);
}
