/**
 * Training with your own backward: every parameter's gradient of the minibatch loss, by hand,
 * and the update that uses them. The forward pass is the kit's (ninjaForward), which keeps every
 * intermediate you need. Read README.md in this folder first.
 */
import type { NinjaParameters } from "#reference/makemore/ninja-model.ts";
import type { NinjaForward, NinjaGradients } from "#reference/makemore/ninja-train.ts";
import { type Tensor, zerosLike } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** The seven gradients of f.loss, one per parameter and each its parameter's shape, without autograd. */
export function manualBackward(
  p: NinjaParameters,
  f: NinjaForward,
  Xb: Tensor,
  Yb: Tensor,
): NinjaGradients {
  return todo(
    "manualBackward: dlogits (softmax, minus 1 at the targets, over n), then dh, dW2, db2, dhpreact, dbngain, dbnbias, dhprebn, dembcat, dW1, db1, dC; return { C, W1, b1, W2, b2, bngain, bnbias }",
  );
}

/** p.data += -learningRate * grad, for each of the seven parameters, in place. */
export function sgdUpdate(p: NinjaParameters, grads: NinjaGradients, learningRate: number): void {
  todo("sgdUpdate: p[name].data.add_(grads[name].mul(-learningRate)) for every parameter");
}
