/**
 * BatchNorm as the lecture writes it first, by hand inside the MLP: normalise the hidden
 * layer's pre-activations with the batch's mean and standard deviation, then scale and shift
 * them with a learned gain and bias; keep running estimates of the mean and standard deviation
 * for evaluation, when there is no batch to measure.
 */
import { ones, type Tensor, zeros } from "#reference/tensor/index.ts";

export interface BatchNormState {
  /** Learned (they require grad): the gain starts at ones, the bias at zeros, shape [1, hidden]. */
  bngain: Tensor;
  bnbias: Tensor;
  /** Kept, not learned: estimates of the mean and std, from zeros and ones, shape [1, hidden]. */
  bnmeanRunning: Tensor;
  bnstdRunning: Tensor;
}

export function initBatchNorm(hidden: number): BatchNormState {
  const gain = ones([1, hidden]);
  const bias = zeros([1, hidden]);
  return {
    bngain: gain.requiresGrad_(),
    bnbias: bias.requiresGrad_(),
    bnmeanRunning: zeros([1, hidden]),
    bnstdRunning: ones([1, hidden]),
  };
}

/** Moves a running estimate 0.1% of the way to the batch's: old + 0.001·(batch - old). */
const follow = (running: Tensor, batch: Tensor): Tensor =>
  running.add(batch.sub(running).mul(0.001));

/**
 * Training: normalise with the batch's mean and (unbiased) std, and move the running estimates
 * towards them. Evaluation: normalise with the running estimates.
 */
export function batchNorm(hpreact: Tensor, bn: BatchNormState, training: boolean): Tensor {
  if (training) {
    const bnmeani = hpreact.mean(0, true);
    const bnstdi = hpreact.var(0, true).sqrt(); // var is unbiased (n - 1) by default
    // detach(): the running estimates are made from the batch's numbers, not from its graph.
    bn.bnmeanRunning = follow(bn.bnmeanRunning, bnmeani.detach());
    bn.bnstdRunning = follow(bn.bnstdRunning, bnstdi.detach());
    return hpreact.sub(bnmeani).mul(bnstdi.pow(-1)).mul(bn.bngain).add(bn.bnbias);
  }
  return hpreact.sub(bn.bnmeanRunning).mul(bn.bnstdRunning.pow(-1)).mul(bn.bngain).add(bn.bnbias);
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
  const embcat = p.C.index(X).reshape(X.shape[0]!, -1);
  const h = batchNorm(embcat.matmul(p.W1), p.bn, training).tanh();
  return h.matmul(p.W2).add(p.b2);
}
