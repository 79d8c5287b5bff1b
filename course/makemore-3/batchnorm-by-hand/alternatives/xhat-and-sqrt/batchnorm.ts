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
 * Training: normalise with the batch's mean and (unbiased) std, and move the running estimates
 * 0.1% of the way towards them. Evaluation: normalise with the running estimates.
 */
export function batchNorm(hpreact: Tensor, bn: BatchNormState, training: boolean): Tensor {
  const n = hpreact.shape[0]!;
  const bnmeani = training ? hpreact.mean(0, true) : bn.bnmeanRunning;
  // The unbiased std written out: the sum of squares over n - 1.
  const bnstdi = training
    ? hpreact
        .sub(bnmeani)
        .pow(2)
        .sum(0, true)
        .div(n - 1)
        .sqrt()
    : bn.bnstdRunning;
  const xhat = hpreact.sub(bnmeani).div(bnstdi);
  if (!training) return xhat.mul(bn.bngain).add(bn.bnbias);
  // The running estimates are bookkeeping, not part of the loss: kept out of the graph.
  noGrad(() => {
    bn.bnmeanRunning = bn.bnmeanRunning.mul(0.999).add(bnmeani.mul(0.001));
    bn.bnstdRunning = bn.bnstdRunning.mul(0.999).add(bnstdi.mul(0.001));
  });
  return xhat.mul(bn.bngain).add(bn.bnbias);
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
  const hpreact = emb.view(emb.shape[0]!, -1).matmul(p.W1);
  const h = batchNorm(hpreact, p.bn, training).tanh();
  return h.matmul(p.W2).add(p.b2);
}
