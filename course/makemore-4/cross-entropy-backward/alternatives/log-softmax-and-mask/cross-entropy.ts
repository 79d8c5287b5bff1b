/**
 * The lecture's exercise 2: cross-entropy's backward in one expression.
 * Read README.md in this folder first.
 */
import { arange, logSoftmax, type Tensor } from "#reference/tensor/index.ts";

/**
 * The gradient of crossEntropy(logits, Yb) by logits: the probabilities as exp of the
 * log-softmax, minus a mask that is 1 where a column is its row's answer, times 1/n.
 */
export function dlogits(logits: Tensor, Yb: Tensor): Tensor {
  const [n, classes] = logits.shape as [number, number];
  const isAnswer = arange(classes).view(1, classes).eq(Yb.view(n, 1)); // [n, classes] booleans
  return logSoftmax(logits, 1)
    .exp()
    .sub(isAnswer)
    .mul(1 / n);
}
