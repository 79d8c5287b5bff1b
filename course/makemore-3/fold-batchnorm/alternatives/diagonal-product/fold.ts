/**
 * The lecture's E02: in evaluation a BatchNorm is a fixed affine map of each feature, so it can
 * be folded into the Linear before it, leaving one Linear that computes the same outputs.
 */
import { arange, type nn, noGrad, oneHot, type Tensor } from "#reference/tensor/index.ts";

export interface Folded {
  /** [in, out]: the Linear's weight with each output column scaled. */
  weight: Tensor;
  /** [out]: what the Linear's bias becomes once BatchNorm has shifted and scaled it. */
  bias: Tensor;
}

/**
 * Scaling output feature j by s_j is a product with the diagonal matrix diag(s): the folded
 * weight is W @ diag(s), and the folded bias (b - mean) @ diag(s) + beta, for any x:
 * (x @ W + b - mean) @ diag(s) + beta.
 */
export function foldBatchNorm(linear: nn.Linear, bn: nn.BatchNorm1d): Folded {
  return noGrad(() => {
    const out = bn.weight.shape[0]!;
    const s = bn.weight.div(bn.runningVar.add(bn.eps).sqrt());
    // Row i of the identity, times s: only its diagonal entry, s_i, is not zero.
    const diagonal = oneHot(arange(out), out).to(s.dtype).mul(s.view(out, 1));
    const b = linear.bias ?? bn.runningMean.mul(0);
    const bias = b.sub(bn.runningMean).view(1, out).matmul(diagonal).view(out).add(bn.bias);
    return { weight: linear.weight.matmul(diagonal), bias };
  });
}
