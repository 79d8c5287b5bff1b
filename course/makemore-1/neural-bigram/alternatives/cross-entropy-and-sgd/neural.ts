/**
 * Training the neural bigram: the loss is the average NLL of the right next characters under
 * softmax(one-hot · W), plus λ·mean(W²); gradient descent on W brings it down to where the
 * counted model is.
 */
import {
  crossEntropy,
  Generator,
  oneHot,
  optim,
  randn,
  type Tensor,
  tensor,
} from "#reference/tensor/index.ts";

/** F.cross_entropy(logits, ys) is the mean NLL of softmax(logits) at the targets. */
export function bigramLoss(W: Tensor, xs: Tensor, ys: Tensor, regularization: number): Tensor {
  const logits = oneHot(xs, W.shape[0]!).float().matmul(W);
  return crossEntropy(logits, ys).add(W.pow(2).mean().mul(regularization));
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
  // Plain SGD is the lecture's update, W -= learningRate · W.grad.
  const optimizer = new optim.SGD([W], { lr: options.learningRate });
  const x = tensor([...xs]);
  const y = tensor([...ys]);
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const loss = bigramLoss(W, x, y, options.regularization);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return { W, losses };
}
