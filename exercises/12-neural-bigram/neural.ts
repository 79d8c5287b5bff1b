/**
 * Training the neural bigram. Read README.md in this folder first.
 */
import { arange, Generator, randn, type Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** The mean NLL of ys under softmax(one-hot(xs) · W), plus regularization · mean(W²). */
export function bigramLoss(W: Tensor, xs: Tensor, ys: Tensor, regularization: number): Tensor {
  return todo(
    "bigramLoss: one-hot → logits → softmax → probs.index(arange(n), ys).log().mean().neg(), plus regularization · W.pow(2).mean()",
  );
}

export interface TrainOptions {
  steps: number;
  learningRate: number;
  regularization: number;
  seed: number;
}

/** W starts as randn(V, V) from Generator().manualSeed(seed); returns W and the loss of each step. */
export function trainBigram(
  xs: readonly number[],
  ys: readonly number[],
  size: number,
  options: TrainOptions,
): { W: Tensor; losses: number[] } {
  return todo(
    "trainBigram: W = randn([size, size], { generator, requiresGrad: true }); each step: loss, W.grad = null, backward, W.data.add_(W.grad.mul(-learningRate))",
  );
}
