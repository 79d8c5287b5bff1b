/**
 * The lecture's exercise 1: the backward pass by hand, one intermediate at a time. Each function
 * takes the forward pass `f` (every intermediate, the parameters, Xb, Yb and n) and the gradients
 * of what the intermediate feeds, and returns its own gradient, in its own shape.
 *
 * Written with products: every sum over a dimension is a product with a vector of ones, every
 * broadcast back over a dimension an outer product with one, and each transposed product taken
 * the other way round ((A @ Bᵀ) = (B @ Aᵀ)ᵀ).
 */
import type { NinjaForward } from "#reference/makemore/ninja.ts";
import { ones, stack, type Tensor, tensor } from "#reference/tensor/index.ts";

/** Σ over rows, as [1, rows] @ t: shape [1, columns]. */
const columnSums = (t: Tensor): Tensor => ones([1, t.shape[0]!]).matmul(t);
/** Σ over columns, as t @ [columns, 1]: shape [rows, 1]. */
const rowSums = (t: Tensor): Tensor => t.matmul(ones([t.shape[1]!, 1]));
/** A [1, columns] row repeated down `rows` rows: [rows, 1] @ [1, columns]. */
const repeatRows = (row: Tensor, rows: number): Tensor => ones([rows, 1]).matmul(row);
/** A [rows, 1] column repeated across `columns` columns. */
const repeatColumns = (column: Tensor, columns: number): Tensor =>
  column.matmul(ones([1, columns]));

// ——— cross-entropy: loss = -logprobs[range(n), Yb].mean() ———

export function dlogprobs(f: NinjaForward): Tensor {
  const [n, classes] = f.logprobs.shape as [number, number];
  // Plain rows: -1/n at each row's target, zero elsewhere.
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: classes }, (_, j) => (j === f.Yb.get(i) ? -1 / n : 0)),
  );
  return tensor(rows);
}

/** logprobs = probs.log(): d/dprobs is 1/probs, and probs = counts · counts_sum_inv. */
export function dprobs(f: NinjaForward, dlogprobs: Tensor): Tensor {
  return dlogprobs.mul(repeatColumns(f.counts_sum, f.probs.shape[1]!)).div(f.counts);
}

export function dcounts_sum_inv(f: NinjaForward, dprobs: Tensor): Tensor {
  return rowSums(dprobs.mul(f.counts));
}

/** d(s⁻¹)/ds = -s⁻², which is -(counts_sum_inv)². */
export function dcounts_sum(f: NinjaForward, dcounts_sum_inv: Tensor): Tensor {
  return f.counts_sum_inv.mul(f.counts_sum_inv).mul(dcounts_sum_inv).neg();
}

export function dcounts(f: NinjaForward, dprobs: Tensor, dcounts_sum: Tensor): Tensor {
  const columns = f.counts.shape[1]!;
  return dprobs.mul(f.counts_sum_inv).add(repeatColumns(dcounts_sum, columns));
}

export function dnorm_logits(f: NinjaForward, dcounts: Tensor): Tensor {
  return dcounts.mul(f.counts);
}

export function dlogit_maxes(_f: NinjaForward, dnorm_logits: Tensor): Tensor {
  return rowSums(dnorm_logits).neg();
}

/** The max's gradient goes to the one element each row's max picked, added there by hand. */
export function dlogits(f: NinjaForward, dnorm_logits: Tensor, dlogit_maxes: Tensor): Tensor {
  const d = dnorm_logits.clone();
  const at = f.logits.max(1).indices;
  for (let i = 0; i < f.n; i++) {
    const j = at.get(i);
    d.set(d.get(i, j) + dlogit_maxes.get(i, 0), i, j);
  }
  return d;
}

// ——— the second layer: logits = h @ W2 + b2 ———

export function dh(f: NinjaForward, dlogits: Tensor): Tensor {
  return f.W2.matmul(dlogits.T).T;
}

export function dW2(f: NinjaForward, dlogits: Tensor): Tensor {
  return dlogits.T.matmul(f.h).T;
}

export function db2(_f: NinjaForward, dlogits: Tensor): Tensor {
  return columnSums(dlogits).view(-1);
}

/** dh - dh·h², the same as (1 - h²)·dh. */
export function dhpreact(f: NinjaForward, dh: Tensor): Tensor {
  return dh.sub(dh.mul(f.h).mul(f.h));
}

// ——— BatchNorm: hpreact = bngain * bnraw + bnbias ———

export function dbngain(f: NinjaForward, dhpreact: Tensor): Tensor {
  return columnSums(dhpreact.mul(f.bnraw));
}

export function dbnbias(_f: NinjaForward, dhpreact: Tensor): Tensor {
  return columnSums(dhpreact);
}

export function dbnraw(f: NinjaForward, dhpreact: Tensor): Tensor {
  return dhpreact.mul(f.bngain);
}

export function dbnvar_inv(f: NinjaForward, dbnraw: Tensor): Tensor {
  return columnSums(dbnraw.mul(f.bndiff));
}

/** d((v + ε)^-½)/dv = -½ (v + ε)^-³⁄₂, and (v + ε)^-³⁄₂ is bnvar_inv³. */
export function dbnvar(f: NinjaForward, dbnvar_inv: Tensor): Tensor {
  return f.bnvar_inv.pow(3).mul(dbnvar_inv).mul(-0.5);
}

export function dbndiff2(f: NinjaForward, dbnvar: Tensor): Tensor {
  return repeatRows(dbnvar, f.n).div(f.n - 1);
}

export function dbndiff(f: NinjaForward, dbnraw: Tensor, dbndiff2: Tensor): Tensor {
  return dbnraw.mul(f.bnvar_inv).add(dbndiff2.mul(f.bndiff).mul(2));
}

export function dbnmeani(_f: NinjaForward, dbndiff: Tensor): Tensor {
  return columnSums(dbndiff).neg();
}

export function dhprebn(f: NinjaForward, dbndiff: Tensor, dbnmeani: Tensor): Tensor {
  return dbndiff.add(repeatRows(dbnmeani, f.n).div(f.n));
}

// ——— the first layer: hprebn = embcat @ W1 + b1 ———

export function dembcat(f: NinjaForward, dhprebn: Tensor): Tensor {
  return f.W1.matmul(dhprebn.T).T;
}

export function dW1(f: NinjaForward, dhprebn: Tensor): Tensor {
  return dhprebn.T.matmul(f.embcat).T;
}

export function db1(_f: NinjaForward, dhprebn: Tensor): Tensor {
  return columnSums(dhprebn).view(-1);
}

// ——— the embedding: embcat = emb.view(n, -1), emb = C[Xb] ———

export function demb(f: NinjaForward, dembcat: Tensor): Tensor {
  const [n, blockSize] = f.Xb.shape as [number, number];
  return dembcat.reshape(n, blockSize, -1);
}

/**
 * Row c of dC, character by character: the lookups of c picked out by a mask of Xb, times the
 * lookups' gradients, [1, lookups] @ [lookups, width].
 */
export function dC(f: NinjaForward, demb: Tensor): Tensor {
  const lookups = f.Xb.reshape(1, -1);
  const flat = demb.reshape(-1, f.C.shape[1]!);
  const rows = Array.from({ length: f.C.shape[0]! }, (_, c) =>
    lookups.eq(c).float().matmul(flat).view(-1),
  );
  return stack(rows);
}
