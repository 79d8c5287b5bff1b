import { oneHot, type Tensor } from "#reference/tensor/index.ts";

/** The softmax by hand, stable (each row's max subtracted first), and the mean's 1/n as a product. */
export function dlogits(logits: Tensor, Yb: Tensor): Tensor {
  const [n, classes] = logits.shape as [number, number];
  const counts = logits.sub(logits.max(1, true).values).exp();
  const probs = counts.mul(counts.sum(1, true).pow(-1));
  return probs.sub(oneHot(Yb, classes).float()).mul(1 / n);
}
