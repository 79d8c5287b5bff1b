/**
 * BatchNorm by hand, inside the MLP. Read README.md in this folder first.
 */
import { noGrad, ones, type Tensor, zeros } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

export interface BatchNormState {
  /** Learned (they require grad): the gain starts at ones, the bias at zeros, shape [1, hidden]. */
  bngain: Tensor;
  bnbias: Tensor;
  /** Kept, not learned: estimates of the mean and std, from zeros and ones, shape [1, hidden]. */
  bnmeanRunning: Tensor;
  bnstdRunning: Tensor;
}

export function initBatchNorm(hidden: number): BatchNormState {
  return todo(
    "initBatchNorm: gain ones and bias zeros that require grad; running mean zeros and std ones",
  );
}

/**
 * Training: normalise with the batch's mean and (unbiased) std, and move the running estimates
 * 0.1% of the way towards them. Evaluation: normalise with the running estimates.
 */
export function batchNorm(hpreact: Tensor, bn: BatchNormState, training: boolean): Tensor {
  return todo(
    "batchNorm: bngain * (hpreact - mean) / std + bnbias, and the running estimates under noGrad",
  );
}

export interface BatchNormMlp {
  C: Tensor;
  W1: Tensor;
  W2: Tensor;
  b2: Tensor;
  bn: BatchNormState;
}

/** The logits: embed, flatten, @ W1 (no b1), BatchNorm, tanh, @ W2 + b2. */
export function forward(p: BatchNormMlp, X: Tensor, training: boolean): Tensor {
  return todo("forward: tanh(batchNorm(emb flattened @ W1)) @ W2 + b2");
}
