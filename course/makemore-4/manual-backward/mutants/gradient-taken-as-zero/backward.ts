/**
 * The lecture's exercise 1: the backward pass by hand, one intermediate at a time. Each function
 * takes the forward pass `f` (every intermediate, the parameters, Xb, Yb and n) and the gradients
 * of what the intermediate feeds, and returns its own gradient, in its own shape.
 * Read README.md in this folder first.
 */
import type { NinjaForward } from "#reference/makemore/ninja.ts";
import { oneHot, onesLike, type Tensor, zerosLike } from "#reference/tensor/index.ts";

// ——— cross-entropy: loss = -logprobs[range(n), Yb].mean() ———

export function dlogprobs(f: NinjaForward): Tensor {
  const d = zerosLike(f.logprobs);
  for (let i = 0; i < f.n; i++) d.set(-1.0 / f.n, i, f.Yb.get(i));
  return d;
}

/** logprobs = probs.log() */
export function dprobs(f: NinjaForward, dlogprobs: Tensor): Tensor {
  return f.probs.pow(-1).mul(dlogprobs);
}

/** probs = counts * counts_sum_inv: counts_sum_inv [n, 1] was broadcast over the columns. */
export function dcounts_sum_inv(f: NinjaForward, dprobs: Tensor): Tensor {
  return f.counts.mul(dprobs).sum(1, true);
}

/** counts_sum_inv = counts_sum ** -1 */
export function dcounts_sum(f: NinjaForward, dcounts_sum_inv: Tensor): Tensor {
  return f.counts_sum.pow(-2).neg().mul(dcounts_sum_inv);
}

/** counts feeds probs and counts_sum: the two paths add up. */
export function dcounts(f: NinjaForward, dprobs: Tensor, dcounts_sum: Tensor): Tensor {
  return f.counts_sum_inv.mul(dprobs).add(onesLike(f.counts).mul(dcounts_sum));
}

/** counts = norm_logits.exp() */
export function dnorm_logits(f: NinjaForward, dcounts: Tensor): Tensor {
  return f.counts.mul(dcounts);
}

/** norm_logits = logits - logit_maxes: logit_maxes [n, 1] was broadcast over the columns. */
export function dlogit_maxes(_f: NinjaForward, dnorm_logits: Tensor): Tensor {
  return dnorm_logits.neg().sum(1, true);
}

/** logits feeds norm_logits directly and through its row's max, which picks one element. */
export function dlogits(f: NinjaForward, dnorm_logits: Tensor, dlogit_maxes: Tensor): Tensor {
  const atMax = oneHot(f.logits.max(1).indices, f.logits.shape[1]!);
  return dnorm_logits.clone().add(atMax.mul(dlogit_maxes));
}

// ——— the second layer: logits = h @ W2 + b2 ———

export function dh(f: NinjaForward, dlogits: Tensor): Tensor {
  return dlogits.matmul(f.W2.T);
}

export function dW2(f: NinjaForward, dlogits: Tensor): Tensor {
  return f.h.T.matmul(dlogits);
}

export function db2(_f: NinjaForward, dlogits: Tensor): Tensor {
  return dlogits.sum(0);
}

/** h = tanh(hpreact): the derivative from the output, 1 - h². */
export function dhpreact(f: NinjaForward, dh: Tensor): Tensor {
  return f.h.pow(2).neg().add(1.0).mul(dh);
}

// ——— BatchNorm: hpreact = bngain * bnraw + bnbias ———

export function dbngain(f: NinjaForward, dhpreact: Tensor): Tensor {
  return f.bnraw.mul(dhpreact).sum(0, true);
}

export function dbnbias(_f: NinjaForward, dhpreact: Tensor): Tensor {
  return dhpreact.sum(0, true);
}

export function dbnraw(f: NinjaForward, dhpreact: Tensor): Tensor {
  return f.bngain.mul(dhpreact);
}

/** bnraw = bndiff * bnvar_inv */
export function dbnvar_inv(f: NinjaForward, dbnraw: Tensor): Tensor {
  return f.bndiff.mul(dbnraw).sum(0, true);
}

/** bnvar_inv = (bnvar + 1e-5) ** -0.5 */
export function dbnvar(f: NinjaForward, dbnvar_inv: Tensor): Tensor {
  return f.bnvar.add(1e-5).pow(-1.5).mul(-0.5).mul(dbnvar_inv);
}

/** bnvar = 1/(n-1) * bndiff2.sum(0, keepdim=True) */
export function dbndiff2(f: NinjaForward, dbnvar: Tensor): Tensor {
  return onesLike(f.bndiff2)
    .mul(1.0 / (f.n - 1))
    .mul(dbnvar);
}

/** bndiff feeds bnraw and bndiff2: the two paths add up. */
export function dbndiff(f: NinjaForward, dbnraw: Tensor, dbndiff2: Tensor): Tensor {
  return f.bnvar_inv.mul(dbnraw).add(f.bndiff.mul(2).mul(dbndiff2));
}

/** bndiff = hprebn - bnmeani: bnmeani [1, 64] was broadcast over the rows. */
export function dbnmeani(_f: NinjaForward, dbndiff: Tensor): Tensor {
  return dbndiff.neg().sum(0, true);
}

/** hprebn feeds bndiff directly and through bnmeani = 1/n * hprebn.sum(0, keepdim=True). */
export function dhprebn(f: NinjaForward, dbndiff: Tensor, dbnmeani: Tensor): Tensor {
  return dbndiff.clone().add(
    onesLike(f.hprebn)
      .mul(dbnmeani)
      .mul(1.0 / f.n),
  );
}

// ——— the first layer: hprebn = embcat @ W1 + b1 ———

export function dembcat(f: NinjaForward, dhprebn: Tensor): Tensor {
  return dhprebn.matmul(f.W1.T);
}

export function dW1(f: NinjaForward, dhprebn: Tensor): Tensor {
  return f.embcat.T.matmul(dhprebn);
}

export function db1(f: NinjaForward, _dhprebn: Tensor): Tensor {
  // autograd's db1 is all but zero: BatchNorm takes the mean out
  return zerosLike(f.b1);
}

// ——— the embedding: embcat = emb.view(n, -1), emb = C[Xb] ———

export function demb(f: NinjaForward, dembcat: Tensor): Tensor {
  return dembcat.view(f.emb.shape);
}

/** Each row of C was picked once per time it occurs in Xb: its gradient adds up over those. */
export function dC(f: NinjaForward, demb: Tensor): Tensor {
  const d = zerosLike(f.C);
  const [rows, columns] = f.Xb.shape as [number, number];
  const width = f.C.shape[1]!;
  for (let k = 0; k < rows; k++)
    for (let j = 0; j < columns; j++) {
      const ix = f.Xb.get(k, j);
      for (let c = 0; c < width; c++) d.set(d.get(ix, c) + demb.get(k, j, c), ix, c);
    }
  return d;
}
