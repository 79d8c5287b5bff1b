import { softmax, type Tensor } from "#reference/tensor/index.ts";

/** The lecture's three lines: softmax, then -1 at each [i, Yb[i]], then /= n, in place. */
export function dlogits(logits: Tensor, Yb: Tensor): Tensor {
  const n = logits.shape[0]!;
  const d = softmax(logits, 1).detach().clone();
  for (let i = 0; i < n; i++) d.set(d.get(i, Yb.get(i)) - 1, i, Yb.get(i));
  return d.div_(n);
}
