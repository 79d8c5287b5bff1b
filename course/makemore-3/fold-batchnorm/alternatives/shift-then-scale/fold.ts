/**
 * The lecture's E02: in evaluation a BatchNorm is a fixed affine map of each feature, so it can
 * be folded into the Linear before it, leaving one Linear that computes the same outputs.
 */
import { type nn, noGrad, type Tensor } from "#reference/tensor/index.ts";

export interface Folded {
  /** [in, out]: the Linear's weight with each output column scaled. */
  weight: Tensor;
  /** [out]: what the Linear's bias becomes once BatchNorm has shifted and scaled it. */
  bias: Tensor;
}

/**
 * The weight and bias of one Linear computing, for any x, what `bn` in evaluation computes on
 * `linear.forward(x)`: gamma * (x @ W + b - mean) / sqrt(var + eps) + beta.
 */
export function foldBatchNorm(linear: nn.Linear, bn: nn.BatchNorm1d): Folded {
  return noGrad(() => {
    // What each output feature is multiplied by: gamma / sqrt(var + eps).
    const scale = bn.weight.mul(bn.runningVar.add(bn.eps).pow(-0.5));
    // beta - mean * scale, plus the Linear's own bias scaled when it has one.
    let bias = bn.bias.sub(bn.runningMean.mul(scale));
    if (linear.bias !== null) bias = bias.add(linear.bias.mul(scale));
    return { weight: linear.weight.mul(scale), bias };
  });
}
