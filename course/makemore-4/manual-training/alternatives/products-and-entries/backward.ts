/**
 * Training with your own backward: every parameter's gradient of the minibatch loss, by hand,
 * and the update that uses them. The forward pass is the kit's (ninjaForward), which keeps every
 * intermediate you need. Read README.md in this folder first.
 *
 * Written with products: sums over the batch as a ones row times the matrix, transposed
 * products taken the other way round, dC row by row as a mask of the lookups times their
 * gradients; the update walks the gradients' entries.
 */
import type { NinjaParameters } from "#reference/makemore/ninja-model.ts";
import type { NinjaForward, NinjaGradients } from "#reference/makemore/ninja-train.ts";
import { oneHot, ones, softmax, stack, type Tensor } from "#reference/tensor/index.ts";

/** Σ over the batch as [1, n] @ t: [1, columns]. */
const batchSum = (t: Tensor): Tensor => ones([1, t.shape[0]!]).matmul(t);

export function manualBackward(
  p: NinjaParameters,
  f: NinjaForward,
  Xb: Tensor,
  Yb: Tensor,
): NinjaGradients {
  const n = Xb.shape[0]!;
  const classes = f.logits.shape[1]!;
  const dlogits = softmax(f.logits, 1)
    .sub(oneHot(Yb, classes))
    .mul(1 / n);
  // logits = h @ W2 + b2, each transposed product as the transpose of the other order
  const dh = p.W2.matmul(dlogits.T).T;
  const dW2 = dlogits.T.matmul(f.h).T;
  const db2 = batchSum(dlogits).view(-1);
  const dhpreact = dh.sub(dh.mul(f.h).mul(f.h));
  // BatchNorm, n - 1 for Bessel: (gain·σ⁻¹/n)·(n·d - Σd - n/(n-1)·raw·Σ(d·raw))
  const dbngain = batchSum(dhpreact.mul(f.bnraw));
  const dbnbias = batchSum(dhpreact);
  const dhprebn = p.bngain
    .mul(f.bnvarInv)
    .div(n)
    .mul(
      dhpreact
        .mul(n)
        .sub(dbnbias)
        .sub(f.bnraw.mul(dbngain).mul(n / (n - 1))),
    );
  // hprebn = embcat @ W1 + b1
  const dembcat = p.W1.matmul(dhprebn.T).T;
  const dW1 = dhprebn.T.matmul(f.embcat).T;
  const db1 = batchSum(dhprebn).view(-1);
  // emb = C[Xb]: row c of dC is the lookups of c (a mask) times the lookups' gradients
  const lookups = Xb.reshape(1, -1);
  const flat = dembcat.reshape(-1, p.C.shape[1]!);
  const dC = stack(
    Array.from({ length: p.C.shape[0]! }, (_, c) => lookups.eq(c).float().matmul(flat).view(-1)),
  );
  return { C: dC, W1: dW1, b1: db1, W2: dW2, b2: db2, bngain: dbngain, bnbias: dbnbias };
}

/** p.data += -learningRate * grad, for every gradient given, in place. */
export function sgdUpdate(p: NinjaParameters, grads: NinjaGradients, learningRate: number): void {
  for (const [name, grad] of Object.entries(grads) as [keyof NinjaParameters, Tensor][])
    p[name].data.add_(grad.mul(-learningRate));
}
