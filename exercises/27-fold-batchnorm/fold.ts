/**
 * The lecture's E02: fold a BatchNorm into the Linear before it. Read README.md in this folder
 * first.
 */
import { type nn, noGrad, type Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

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
  return todo(
    "foldBatchNorm: scale = gamma / sqrt(runningVar + eps); weight = W * scale; bias = (b - runningMean) * scale + beta",
  );
}
