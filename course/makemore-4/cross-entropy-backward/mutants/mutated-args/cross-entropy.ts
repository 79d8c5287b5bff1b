/**
 * The lecture's exercise 2: cross-entropy's backward in one expression.
 * Read README.md in this folder first.
 */
import { oneHot, softmax, type Tensor } from "#reference/tensor/index.ts";

/**
 * The gradient of crossEntropy(logits, Yb) by logits: each row's softmax, minus 1 at its right
 * answer, divided by the batch size n (the loss is a mean over the batch).
 */
export function dlogits(logits: Tensor, Yb: Tensor): Tensor {
  const [n, classes] = logits.shape as [number, number];
  // each row's max taken out first, so that exp cannot overflow (in place: the caller's logits)
  logits.sub_(logits.max(1, true).values);
  return softmax(logits, 1).sub(oneHot(Yb, classes)).div(n);
}
