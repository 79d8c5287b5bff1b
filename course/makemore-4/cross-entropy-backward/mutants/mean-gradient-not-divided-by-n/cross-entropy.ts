import { oneHot, softmax, type Tensor } from "#reference/tensor/index.ts";

/** Not divided by n. */
export function dlogits(logits: Tensor, Yb: Tensor): Tensor {
  const classes = logits.shape[1]!;
  return softmax(logits, 1).sub(oneHot(Yb, classes));
}
