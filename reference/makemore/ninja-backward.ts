/**
 * makemore part 4, exercise 4: the backward pass of the BatchNorm MLP written out by hand, from
 * the loss back to the embedding table, and the update that uses it. Each line is the chain rule
 * through one step of ninjaForward (ninja-train.ts); the two "in one expression" steps are the
 * lecture's exercises 2 (cross-entropy) and 3 (BatchNorm).
 */
import { type Tensor, zerosLike } from "../tensor/index.ts";
import type { NinjaParameters } from "./ninja-model.ts";
import type { NinjaForward, NinjaGradients } from "./ninja-train.ts";

/** Every parameter's gradient of the minibatch loss, from the forward pass's intermediates. */
export function manualBackward(
  p: NinjaParameters,
  f: NinjaForward,
  Xb: Tensor,
  Yb: Tensor,
): NinjaGradients {
  const n = Xb.shape[0]!;
  // Cross-entropy: softmax minus the one-hot of the targets, over n because the loss is a mean
  // (the notebook's dlogits[range(n), Yb] -= 1; dlogits /= n).
  const dlogits = f.logits.softmax(1);
  for (let i = 0; i < n; i++) {
    const target = Yb.get(i);
    dlogits.set(dlogits.get(i, target) - 1, i, target);
  }
  dlogits.div_(n);
  // The second layer: logits = h @ W2 + b2.
  const dh = dlogits.matmul(p.W2.T);
  const dW2 = f.h.T.matmul(dlogits);
  const db2 = dlogits.sum(0);
  // tanh's derivative from its output: 1 - h² (as -h² + 1, the same float, the kit's faster way).
  const dhpreact = f.h.mul(f.h).neg().add(1).mul(dh);
  // BatchNorm: the gain and bias as in any affine step, the input in one expression, where
  // n / (n - 1) comes from Bessel's correction in the variance.
  const dbngain = f.bnraw.mul(dhpreact).sum(0, true);
  const dbnbias = dhpreact.sum(0, true);
  // The expression's two sums over the batch, Σ dhpreact and Σ dhpreact·bnraw, are dbnbias and
  // dbngain: used as they are, not summed again (the same floats).
  // (The batch-sized tensor goes first in each product: the same floats, and the kit's fast path.)
  const scale = p.bngain.mul(f.bnvarInv).div(n);
  const dhprebn = dhpreact
    .mul(n)
    .sub(dbnbias)
    .sub(f.bnraw.mul(n / (n - 1)).mul(dbngain))
    .mul(scale);
  // The first layer: hprebn = embcat @ W1 + b1.
  const dembcat = dhprebn.matmul(p.W1.T);
  const dW1 = f.embcat.T.matmul(dhprebn);
  const db1 = dhprebn.sum(0);
  // The embedding: each row of C gets the gradient of every place it was looked up, added up.
  const demb = dembcat.view(f.emb.shape);
  const embedding = p.C.shape[1]!;
  const dC = zerosLike(p.C).indexAdd_(0, Xb.view(-1), demb.view(-1, embedding));
  return { C: dC, W1: dW1, b1: db1, W2: dW2, b2: db2, bngain: dbngain, bnbias: dbnbias };
}

/** One step of gradient descent, in place: p.data += -lr * grad for every parameter. */
export function sgdUpdate(p: NinjaParameters, grads: NinjaGradients, learningRate: number): void {
  for (const name of Object.keys(p) as (keyof NinjaParameters)[])
    p[name].data.add_(grads[name].mul(-learningRate));
}
