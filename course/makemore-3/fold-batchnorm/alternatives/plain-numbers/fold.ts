/**
 * The lecture's E02: in evaluation a BatchNorm is a fixed affine map of each feature, so it can
 * be folded into the Linear before it, leaving one Linear that computes the same outputs.
 */
import { type nn, type Tensor, tensor } from "#reference/tensor/index.ts";

export interface Folded {
  /** [in, out]: the Linear's weight with each output column scaled. */
  weight: Tensor;
  /** [out]: what the Linear's bias becomes once BatchNorm has shifted and scaled it. */
  bias: Tensor;
}

/** A 1-D tensor's entries as a plain array. */
const entries = (t: Tensor): number[] => t.tolist() as number[];

/**
 * Feature by feature, in plain numbers: feature j is multiplied by s_j = gamma_j / √(var_j + eps)
 * and shifted to (b_j - mean_j)·s_j + beta_j. New tensors, made from arrays, are outside any graph.
 */
export function foldBatchNorm(linear: nn.Linear, bn: nn.BatchNorm1d): Folded {
  const gamma = entries(bn.weight);
  const beta = entries(bn.bias);
  const mean = entries(bn.runningMean);
  const variance = entries(bn.runningVar);
  const b = linear.bias ? entries(linear.bias) : gamma.map(() => 0);
  const s = gamma.map((g, j) => g / Math.sqrt(variance[j]! + bn.eps));
  const rows = linear.weight.tolist() as number[][];
  const dtype = linear.weight.dtype;
  return {
    weight: tensor(
      rows.map((row) => row.map((w, j) => w * s[j]!)),
      { dtype },
    ),
    bias: tensor(
      s.map((sj, j) => (b[j]! - mean[j]!) * sj + beta[j]!),
      { dtype },
    ),
  };
}
