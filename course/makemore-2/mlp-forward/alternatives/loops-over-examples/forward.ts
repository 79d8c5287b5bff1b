/**
 * The forward pass of the MLP: embed the window, lay it flat, a tanh hidden layer, and an
 * output layer of one logit per character.
 */
import { stack, type Tensor } from "#reference/tensor/index.ts";

export interface Parameters {
  C: Tensor;
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** One example's logits: its window's embeddings laid end to end, through both layers. */
const logitsOf = (p: Parameters) => (context: Tensor) =>
  p.C.index(context).view(1, -1).matmul(p.W1).add(p.b1).tanh().matmul(p.W2).add(p.b2).view(-1);

/** Logits of shape [examples, vocabulary] for contexts X of shape [examples, blockSize]. */
export function forward(p: Parameters, X: Tensor): Tensor {
  // Example by example, then stacked: slower, the same numbers and the same graph's gradients.
  return stack(X.unbind(0).map(logitsOf(p)), 0);
}
