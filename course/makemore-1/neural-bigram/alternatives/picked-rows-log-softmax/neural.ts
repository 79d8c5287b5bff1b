/**
 * Training the neural bigram: the loss is the average NLL of the right next characters under
 * softmax(one-hot · W), plus λ·mean(W²); gradient descent on W brings it down to where the
 * counted model is.
 */
import { arange, Generator, randn, type Tensor, tensor } from "#reference/tensor/index.ts";

/**
 * A one-hot row times W is the row of W it points at, so the logits are W's rows picked by
 * xs; log-softmax gives each row's log-probabilities without a separate exp, divide and log.
 */
export function bigramLoss(W: Tensor, xs: Tensor, ys: Tensor, regularization: number): Tensor {
  const logProbs = W.index(xs).logSoftmax(1);
  const nll = logProbs.index(arange(xs.numel()), ys).mean().neg();
  return nll.add(W.mul(W).mean().mul(regularization));
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
  const { steps, learningRate, regularization, seed } = options;
  const W = randn(size, size, { generator: new Generator().manualSeed(seed) }).requiresGrad_();
  const inputs = tensor(xs.slice());
  const targets = tensor(ys.slice());
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = bigramLoss(W, inputs, targets, regularization);
    W.grad?.zero_(); // zeroed in place: backward adds into it
    loss.backward();
    W.data.sub_(W.grad!.mul(learningRate));
    losses.push(loss.item());
  }
  return { W, losses };
}
