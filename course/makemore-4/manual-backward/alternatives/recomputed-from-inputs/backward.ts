/**
 * The lecture's exercise 1: the backward pass by hand, one intermediate at a time. Each function
 * takes the forward pass `f` (every intermediate, the parameters, Xb, Yb and n) and the gradients
 * of what the intermediate feeds, and returns its own gradient, in its own shape.
 *
 * Written from each forward line's input: every local derivative is computed again from what
 * the line read (exp of norm_logits, tanh of hpreact, (bnvar + ε)^-½, …) rather than taken from
 * what it made, and the embedding's gradient is gathered in a plain array.
 */
import type { NinjaForward } from "#reference/makemore/ninja.ts";
import { type Tensor, tensor, where, zerosLike } from "#reference/tensor/index.ts";

/** t broadcast to like's shape: added to zeros of that shape. */
const expandAs = (t: Tensor, like: Tensor): Tensor => t.add(zerosLike(like));

// ——— cross-entropy: loss = -logprobs[range(n), Yb].mean() ———

export function dlogprobs(f: NinjaForward): Tensor {
  const d = zerosLike(f.logprobs);
  for (const [i, target] of (f.Yb.tolist() as number[]).entries()) d.set(-1 / f.n, i, target);
  return d;
}

/** logprobs = log(probs): 1/probs. */
export function dprobs(f: NinjaForward, dlogprobs: Tensor): Tensor {
  return dlogprobs.div(f.probs);
}

/** probs = counts * counts_sum_inv, counts being exp(norm_logits). */
export function dcounts_sum_inv(f: NinjaForward, dprobs: Tensor): Tensor {
  return dprobs.mul(f.norm_logits.exp()).sum(1, true);
}

/** counts_sum_inv = counts_sum⁻¹: -1/counts_sum². */
export function dcounts_sum(f: NinjaForward, dcounts_sum_inv: Tensor): Tensor {
  return dcounts_sum_inv.div(f.counts_sum.mul(f.counts_sum)).neg();
}

export function dcounts(f: NinjaForward, dprobs: Tensor, dcounts_sum: Tensor): Tensor {
  return dprobs.div(f.counts_sum).add(expandAs(dcounts_sum, f.counts));
}

/** counts = exp(norm_logits): exp again, from its input. */
export function dnorm_logits(f: NinjaForward, dcounts: Tensor): Tensor {
  return f.norm_logits.exp().mul(dcounts);
}

export function dlogit_maxes(_f: NinjaForward, dnorm_logits: Tensor): Tensor {
  return dnorm_logits.sum(1, true).mul(-1);
}

/** The max picked the element of each row equal to the row's max, the first one if tied. */
export function dlogits(f: NinjaForward, dnorm_logits: Tensor, dlogit_maxes: Tensor): Tensor {
  const indices = f.logits.max(1, true).indices; // [n, 1]
  const columns = f.logits.shape[1]!;
  const column = tensor(Array.from({ length: columns }, (_, j) => j)).view(1, columns);
  return where(column.eq(indices), dnorm_logits.add(dlogit_maxes), dnorm_logits);
}

// ——— the second layer: logits = h @ W2 + b2 ———

export function dh(f: NinjaForward, dlogits: Tensor): Tensor {
  return dlogits.matmul(f.W2.T);
}

export function dW2(f: NinjaForward, dlogits: Tensor): Tensor {
  return f.hpreact.tanh().T.matmul(dlogits);
}

export function db2(_f: NinjaForward, dlogits: Tensor): Tensor {
  return dlogits.sum(0, true).view(-1);
}

/** h = tanh(hpreact): 1 - tanh(hpreact)², tanh taken again from the input. */
export function dhpreact(f: NinjaForward, dh: Tensor): Tensor {
  const t = f.hpreact.tanh();
  return dh.mul(t.mul(t).mul(-1).add(1));
}

// ——— BatchNorm: hpreact = bngain * bnraw + bnbias ———

/** bnraw = bndiff · bnvar_inv, recomputed from them. */
const bnrawOf = (f: NinjaForward) => f.bndiff.mul(f.bnvar.add(1e-5).pow(-0.5));

export function dbngain(f: NinjaForward, dhpreact: Tensor): Tensor {
  return dhpreact.mul(bnrawOf(f)).sum(0, true);
}

export function dbnbias(_f: NinjaForward, dhpreact: Tensor): Tensor {
  return dhpreact.sum(0).view(1, -1);
}

export function dbnraw(f: NinjaForward, dhpreact: Tensor): Tensor {
  return dhpreact.mul(f.bngain);
}

export function dbnvar_inv(f: NinjaForward, dbnraw: Tensor): Tensor {
  return dbnraw.mul(f.hprebn.sub(f.bnmeani)).sum(0, true);
}

/** bnvar_inv = (bnvar + ε)^-½: -½ (bnvar + ε)^-³⁄₂, written as a division. */
export function dbnvar(f: NinjaForward, dbnvar_inv: Tensor): Tensor {
  const v = f.bnvar.add(1e-5);
  return dbnvar_inv.mul(-0.5).div(v.mul(v.sqrt()));
}

export function dbndiff2(f: NinjaForward, dbnvar: Tensor): Tensor {
  return expandAs(dbnvar.mul(1 / (f.n - 1)), f.bndiff2);
}

/** bndiff feeds bnraw (times bnvar_inv) and bndiff2 = bndiff² (2·bndiff). */
export function dbndiff(f: NinjaForward, dbnraw: Tensor, dbndiff2: Tensor): Tensor {
  const bndiff = f.hprebn.sub(f.bnmeani);
  return dbnraw.div(f.bnvar.add(1e-5).sqrt()).add(dbndiff2.mul(bndiff.mul(2)));
}

export function dbnmeani(_f: NinjaForward, dbndiff: Tensor): Tensor {
  return dbndiff.mul(-1).sum(0, true);
}

export function dhprebn(f: NinjaForward, dbndiff: Tensor, dbnmeani: Tensor): Tensor {
  return expandAs(dbnmeani.div(f.n), f.hprebn).add(dbndiff);
}

// ——— the first layer: hprebn = embcat @ W1 + b1 ———

export function dembcat(f: NinjaForward, dhprebn: Tensor): Tensor {
  return dhprebn.matmul(f.W1.T);
}

/** embcat is emb laid flat: C[Xb] viewed as [n, blockSize · width]. */
export function dW1(f: NinjaForward, dhprebn: Tensor): Tensor {
  return f.C.index(f.Xb).view(f.n, -1).T.matmul(dhprebn);
}

export function db1(_f: NinjaForward, dhprebn: Tensor): Tensor {
  return dhprebn.sum(0);
}

// ——— the embedding: embcat = emb.view(n, -1), emb = C[Xb] ———

export function demb(f: NinjaForward, dembcat: Tensor): Tensor {
  return dembcat.view(f.n, f.Xb.shape[1]!, f.C.shape[1]!);
}

/** Every lookup's gradient added into its character's row, in a plain float32 array. */
export function dC(f: NinjaForward, demb: Tensor): Tensor {
  const [vocab, width] = f.C.shape as [number, number];
  const sums = new Float32Array(vocab * width);
  const lookups = f.Xb.reshape(-1).tolist() as number[];
  const rows = demb.reshape(-1, width).tolist() as number[][];
  lookups.forEach((ix, k) => {
    for (let c = 0; c < width; c++) sums[ix * width + c] = sums[ix * width + c]! + rows[k]![c]!;
  });
  return tensor(
    Array.from({ length: vocab }, (_, r) => [...sums.subarray(r * width, (r + 1) * width)]),
  );
}
