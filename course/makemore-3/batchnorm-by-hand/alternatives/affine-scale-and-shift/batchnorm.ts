/**
 * BatchNorm as the lecture writes it first, by hand inside the MLP: normalise the hidden
 * layer's pre-activations with the batch's mean and standard deviation, then scale and shift
 * them with a learned gain and bias; keep running estimates of the mean and standard deviation
 * for evaluation, when there is no batch to measure.
 */
import { noGrad, ones, type Tensor, zeros } from "#reference/tensor/index.ts";

export interface BatchNormState {
  /** Learned (they require grad): the gain starts at ones, the bias at zeros, shape [1, hidden]. */
  bngain: Tensor;
  bnbias: Tensor;
  /** Kept, not learned: estimates of the mean and std, from zeros and ones, shape [1, hidden]. */
  bnmeanRunning: Tensor;
  bnstdRunning: Tensor;
}

export function initBatchNorm(hidden: number): BatchNormState {
  return {
    bngain: ones([1, hidden], { requiresGrad: true }),
    bnbias: zeros([1, hidden], { requiresGrad: true }),
    bnmeanRunning: zeros([1, hidden]),
    bnstdRunning: ones([1, hidden]),
  };
}

/**
 * gain·(x - mean)/std + bias is one affine map per feature: x·scale + shift, with
 * scale = gain/std and shift = bias - mean·scale. Both modes build it, from different statistics.
 */
function affine(hpreact: Tensor, bn: BatchNormState, mean: Tensor, std: Tensor): Tensor {
  const scale = bn.bngain.div(std);
  const shift = bn.bnbias.sub(mean.mul(scale));
  return hpreact.mul(scale).add(shift);
}

export function batchNorm(hpreact: Tensor, bn: BatchNormState, training: boolean): Tensor {
  if (!training) return affine(hpreact, bn, bn.bnmeanRunning, bn.bnstdRunning);
  const n = hpreact.shape[0]!;
  const mean = hpreact.sum(0, true).div(n);
  const std = hpreact.std(0, true);
  noGrad(() =>
    Object.assign(bn, {
      bnmeanRunning: bn.bnmeanRunning.mul(0.999).add(mean.mul(0.001)),
      bnstdRunning: bn.bnstdRunning.mul(0.999).add(std.mul(0.001)),
    }),
  );
  return affine(hpreact, bn, mean, std);
}

export interface BatchNormMlp {
  C: Tensor;
  W1: Tensor;
  W2: Tensor;
  b2: Tensor;
  bn: BatchNormState;
}

/** The logits: embed, flatten, @ W1 (no b1: BatchNorm's bias takes its place), BatchNorm, tanh, @ W2 + b2. */
export function forward(p: BatchNormMlp, X: Tensor, training: boolean): Tensor {
  const emb = p.C.index(X);
  const hpreact = emb.view(-1, p.W1.shape[0]!).matmul(p.W1);
  return batchNorm(hpreact, p.bn, training).tanh().matmul(p.W2).add(p.b2);
}
