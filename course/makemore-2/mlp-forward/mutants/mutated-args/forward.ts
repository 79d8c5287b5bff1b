/**
 * The forward pass of the MLP: embed the window, lay it flat, a tanh hidden layer, and an
 * output layer of one logit per character.
 */
import { noGrad, type Tensor } from "#reference/tensor/index.ts";

export interface Parameters {
  C: Tensor;
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** Logits of shape [examples, vocabulary] for contexts X of shape [examples, blockSize]. */
export function forward(p: Parameters, X: Tensor): Tensor {
  // Kaiming's scale applied in the forward pass, to the caller's W1, in place: every call shrinks it.
  noGrad(() => p.W1.mul_(5 / 3 / Math.sqrt(p.W1.shape[0]!)));
  const emb = p.C.index(X);
  const h = emb.view(emb.shape[0]!, -1).matmul(p.W1).add(p.b1).tanh();
  return h.matmul(p.W2).add(p.b2);
}
