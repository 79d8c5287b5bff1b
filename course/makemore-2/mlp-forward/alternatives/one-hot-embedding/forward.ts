/**
 * The forward pass of the MLP: embed the window, lay it flat, a tanh hidden layer, and an
 * output layer of one logit per character.
 */
import { oneHot, type Tensor } from "#reference/tensor/index.ts";

export interface Parameters {
  C: Tensor;
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** Logits of shape [examples, vocabulary] for contexts X of shape [examples, blockSize]. */
export function forward(p: Parameters, X: Tensor): Tensor {
  const [examples, vocabulary] = [X.shape[0]!, p.C.shape[0]!];
  // The lecture's other view of the lookup: a one-hot row times C picks C's row, so every
  // character of every window, one-hot, times C is the embedding, and C's gradient follows.
  const flat = oneHot(X.reshape(-1), vocabulary).float().matmul(p.C);
  const embcat = flat.reshape(examples, -1);
  const h = embcat.matmul(p.W1).add(p.b1).tanh();
  return h.matmul(p.W2).add(p.b2);
}
