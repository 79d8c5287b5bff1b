/**
 * The lecture's exercise E01: every weight and bias at zero. Read README.md in this folder first.
 */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { mlpLoss } from "#reference/makemore/model.ts";
import { noGrad, type Tensor, zeros } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

export type ParameterName = "C" | "W1" | "b1" | "W2" | "b2";

/** E01's network: the part 2 MLP with every parameter zero, each a leaf that requires grad. */
export function zeroMlp(sizes: MlpSizes): MlpParameters {
  return todo("zeroMlp: C, W1, b1, W2, b2 as zeros(shape).requiresGrad_(), of part 2's shapes");
}

/** The parameters whose gradient of the loss on (X, Y) has a non-zero entry, in C, W1, b1, W2, b2 order. */
export function nonZeroGradients(p: MlpParameters, X: Tensor, Y: Tensor): ParameterName[] {
  return todo(
    "nonZeroGradients: clear the grads, mlpLoss(p, X, Y).backward(), then keep the names whose .grad has an entry that is not 0",
  );
}

/**
 * Trains p in place: `steps` steps of gradient descent at rate lr on the whole of (X, Y).
 * Returns the parameters that moved (any entry changed), in C, W1, b1, W2, b2 order.
 */
export function movedAfter(
  p: MlpParameters,
  X: Tensor,
  Y: Tensor,
  steps: number,
  lr: number,
): ParameterName[] {
  return todo(
    "movedAfter: copy every parameter first (.detach().clone()), train, then compare each with its copy",
  );
}

/**
 * Without training: which parameters will have moved after `steps` steps, when those named in
 * `zero` start at zero and the others random. In C, W1, b1, W2, b2 order.
 */
export function predictMoved(zero: readonly ParameterName[], steps: number): ParameterName[] {
  return todo(
    "predictMoved: each step, decide from the non-zero parameters which get a gradient (the lesson's table); those are non-zero from then on",
  );
}
