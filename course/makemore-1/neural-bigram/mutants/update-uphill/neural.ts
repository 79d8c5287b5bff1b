/**
 * Training the neural bigram: the loss is the average NLL of the right next characters under
 * softmax(one-hot · W), plus λ·mean(W²); gradient descent on W brings it down to where the
 * counted model is.
 */
import { arange, Generator, oneHot, randn, type Tensor, tensor } from "#reference/tensor/index.ts";

export function bigramLoss(W: Tensor, xs: Tensor, ys: Tensor, regularization: number): Tensor {
  const xenc = oneHot(xs, W.shape[0]!).float();
  const logits = xenc.matmul(W);
  const counts = logits.exp();
  const probs = counts.div(counts.sum(1, true));
  const nll = probs.index(arange(xs.numel()), ys).log().mean().neg();
  return nll.add(W.pow(2).mean().mul(regularization));
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
  const g = new Generator().manualSeed(options.seed);
  const W = randn([size, size], { generator: g, requiresGrad: true });
  const x = tensor([...xs]);
  const y = tensor([...ys]);
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const loss = bigramLoss(W, x, y, options.regularization);
    W.grad = null;
    loss.backward();
    // The step goes with the gradient: uphill.
    W.data.add_(W.grad!.mul(options.learningRate));
    losses.push(loss.item());
  }
  return { W, losses };
}
