/**
 * The bigram model as a neural network. Read README.md in this folder first.
 */
import { oneHot, type Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** Row k is all zeros but a 1 at xs[k]; floats, so that it can be multiplied by weights. */
export function oneHotInputs(xs: Tensor, size: number): Tensor {
  return todo("oneHotInputs: oneHot(xs, size), converted to float");
}

/** The logits of each input character: its one-hot row times W. */
export function bigramLogits(W: Tensor, xs: Tensor): Tensor {
  return todo("bigramLogits: oneHotInputs(xs, W.shape[0]).matmul(W)");
}

/** Softmax of each row, stable for large logits. */
export function softmaxRows(logits: Tensor): Tensor {
  return todo("softmaxRows: subtract each row's max, exp, divide by the row sums (keepdim)");
}
