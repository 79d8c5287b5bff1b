/**
 * The lecture's exercise 2: cross-entropy's backward in one expression.
 * Read README.md in this folder first.
 */
// ninjaCase and compareGradients are for trying dlogits out (README.md).
import { compareGradients, ninjaCase } from "#reference/makemore/ninja.ts";
import { crossEntropy, oneHot, softmax, type Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/**
 * The gradient of crossEntropy(logits, Yb) by logits: each row's softmax, minus 1 at its right
 * answer, divided by the batch size n (the loss is a mean over the batch).
 */
export function dlogits(logits: Tensor, Yb: Tensor): Tensor {
  return todo("dlogits: softmax(logits, 1), minus the one-hot of Yb, divided by n");
}
