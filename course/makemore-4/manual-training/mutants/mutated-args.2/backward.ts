/**
 * Training with your own backward: every parameter's gradient of the minibatch loss, by hand,
 * and the update that uses them. The forward pass is the kit's (ninjaForward), which keeps every
 * intermediate you need. Read README.md in this folder first.
 */
import type { NinjaParameters } from "#reference/makemore/ninja-model.ts";
import type { NinjaForward, NinjaGradients } from "#reference/makemore/ninja-train.ts";
import { type Tensor, zerosLike } from "#reference/tensor/index.ts";

/** The seven gradients of f.loss, one per parameter and each its parameter's shape, without autograd. */
export function manualBackward(
  p: NinjaParameters,
  f: NinjaForward,
  Xb: Tensor,
  Yb: Tensor,
): NinjaGradients {
  const n = Xb.shape[0]!;
  // Cross-entropy in one expression: softmax, minus 1 at each target, over n.
  const dlogits = f.logits.softmax(1);
  for (let i = 0; i < n; i++) {
    const target = Yb.get(i);
    dlogits.set(dlogits.get(i, target) - 1, i, target);
  }
  dlogits.div_(n);
  // logits = h @ W2 + b2
  const dh = dlogits.matmul(p.W2.T);
  const dW2 = f.h.T.matmul(dlogits);
  const db2 = dlogits.sum(0);
  // h = tanh(hpreact): the derivative from the output, 1 - h²
  const dhpreact = f.h.mul_(f.h).neg().add(1).mul(dh); // mul_: f.h squared in place
  // hpreact = bngain * bnraw + bnbias, and BatchNorm's input in one expression (n - 1: Bessel)
  const dbngain = f.bnraw.mul(dhpreact).sum(0, true);
  const dbnbias = dhpreact.sum(0, true);
  const dhprebn = dhpreact
    .mul(n)
    .sub(dhpreact.sum(0))
    .sub(f.bnraw.mul(n / (n - 1)).mul(dhpreact.mul(f.bnraw).sum(0)))
    .mul(p.bngain.mul(f.bnvarInv).div(n));
  // hprebn = embcat @ W1 + b1
  const dembcat = dhprebn.matmul(p.W1.T);
  const dW1 = f.embcat.T.matmul(dhprebn);
  const db1 = dhprebn.sum(0);
  // emb = C[Xb]: a row of C gets every place it was looked up, added together
  const demb = dembcat.view(f.emb.shape);
  const dC = zerosLike(p.C).indexAdd_(0, Xb.view(-1), demb.view(-1, p.C.shape[1]!));
  return { C: dC, W1: dW1, b1: db1, W2: dW2, b2: db2, bngain: dbngain, bnbias: dbnbias };
}

/** p.data += -learningRate * grad, for each of the seven parameters, in place. */
export function sgdUpdate(p: NinjaParameters, grads: NinjaGradients, learningRate: number): void {
  for (const name of ["C", "W1", "b1", "W2", "b2", "bngain", "bnbias"] as const)
    p[name].data.add_(grads[name].mul(-learningRate));
}
