import type { Tensor } from "#reference/tensor/index.ts";
import { softmax } from "#reference/tensor/index.ts";

/** The softmax over n, the right answers' -1 forgotten. */
export function dlogits(logits: Tensor, _Yb: Tensor): Tensor {
  return softmax(logits, 1).div(logits.shape[0]!);
}
