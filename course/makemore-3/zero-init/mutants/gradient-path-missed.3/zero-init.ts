/**
 * The lecture's exercise E01: every weight and bias at zero. The network trains, but only its
 * output bias ever moves. Gradients flow backwards through the very tensors the forward pass
 * multiplied by, so a zero in the forward pass is a zero in the backward pass:
 *
 *   db2 = Σ dlogits                          never zero: the loss always has an opinion
 *   dW2 = hᵀ · dlogits                       zero while h = tanh(embcat·W1 + b1) is zero
 *   dh  = dlogits · W2ᵀ                      zero while W2 is zero, and with it:
 *   db1 = Σ dh ⊙ (1 - h²)                    zero while W2 is zero
 *   dW1 = embcatᵀ · dhpreact                 zero while C or W2 is zero
 *   dC  ← dhpreact · W1ᵀ                     zero while W1 or W2 is zero
 *
 * With everything at zero, h = 0 so W2 never moves, so nothing below it ever gets a gradient:
 * only b2 learns, and the network predicts the same distribution whatever the context.
 */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { mlpLoss } from "#reference/makemore/model.ts";
import { noGrad, type Tensor, zeros } from "#reference/tensor/index.ts";

export type ParameterName = "C" | "W1" | "b1" | "W2" | "b2";

const order: readonly ParameterName[] = ["C", "W1", "b1", "W2", "b2"];

/** E01's network: the part 2 MLP with every parameter zero, each a leaf that requires grad. */
export function zeroMlp(sizes: MlpSizes): MlpParameters {
  const zero = (shape: number[]) => zeros(shape).requiresGrad_();
  return {
    C: zero([sizes.vocabSize, sizes.embedding]),
    W1: zero([sizes.blockSize * sizes.embedding, sizes.hidden]),
    b1: zero([sizes.hidden]),
    W2: zero([sizes.hidden, sizes.vocabSize]),
    b2: zero([sizes.vocabSize]),
  };
}

/**
 * The parameters whose gradient of the loss on (X, Y) has a non-zero entry. Every parameter
 * gets a .grad tensor from backward(); the question is whether anything is in it.
 */
export function nonZeroGradients(p: MlpParameters, X: Tensor, Y: Tensor): ParameterName[] {
  for (const name of order) p[name].grad = null;
  mlpLoss(p, X, Y).backward();
  return order.filter((name) => p[name].grad!.storage.some((v) => v !== 0));
}

/**
 * Trains p in place: `steps` steps of gradient descent at rate lr on the whole of (X, Y).
 * Returns the parameters that moved, compared with copies taken before the first step.
 */
export function movedAfter(
  p: MlpParameters,
  X: Tensor,
  Y: Tensor,
  steps: number,
  lr: number,
): ParameterName[] {
  const start = order.map((name) => p[name].detach().clone());
  for (let step = 0; step < steps; step++) {
    for (const name of order) p[name].grad = null;
    mlpLoss(p, X, Y).backward();
    noGrad(() => {
      for (const name of order) p[name].data.add_(p[name].grad!.mul(-lr));
    });
  }
  return order.filter((name, k) => p[name].storage.some((v, i) => v !== start[k]!.storage[i]));
}

/**
 * Which parameters will have moved after `steps` steps, when those named in `zero` start at
 * zero and the others random: each step, the gradient rules above decide which parameters
 * get a non-zero gradient, and those are non-zero from the next step on.
 */
export function predictMoved(zero: readonly ParameterName[], steps: number): ParameterName[] {
  const nonZero = new Set(order.filter((name) => !zero.includes(name)));
  const moved = new Set<ParameterName>();
  const is = (name: ParameterName) => nonZero.has(name);
  for (let step = 0; step < steps; step++) {
    const hiddenNonZero = is("b1");
    const gradient: Record<ParameterName, boolean> = {
      b2: true,
      W2: hiddenNonZero,
      b1: is("W2"),
      W1: is("W2") && is("C"),
      C: is("W2") && is("W1"),
    };
    for (const name of order)
      if (gradient[name]) {
        moved.add(name);
        nonZero.add(name);
      }
  }
  return order.filter((name) => moved.has(name));
}
