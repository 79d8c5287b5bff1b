/**
 * The lecture's exercise 1: the backward pass by hand, one intermediate at a time. Each function
 * takes the forward pass `f` (every intermediate, the parameters, Xb, Yb and n) and the gradients
 * of what the intermediate feeds, and returns its own gradient, in its own shape.
 * Read README.md in this folder first.
 */
// ninjaCase, compareGradients, cmp and ninjaForward are for trying your steps out (README.md).
import {
  cmp,
  compareGradients,
  type NinjaForward,
  ninjaCase,
  ninjaForward,
} from "#reference/makemore/ninja.ts";
import { oneHot, onesLike, type Tensor, zerosLike } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

// ——— cross-entropy: loss = -logprobs[range(n), Yb].mean() ———

export function dlogprobs(f: NinjaForward): Tensor {
  return todo("dlogprobs: the gradient of logprobs, in the shape of logprobs");
}

/** logprobs = probs.log() */
export function dprobs(f: NinjaForward, dlogprobs: Tensor): Tensor {
  return todo("dprobs: the gradient of probs, in the shape of probs");
}

/** probs = counts * counts_sum_inv: counts_sum_inv [n, 1] was broadcast over the columns. */
export function dcounts_sum_inv(f: NinjaForward, dprobs: Tensor): Tensor {
  return todo("dcounts_sum_inv: the gradient of counts_sum_inv, in the shape of counts_sum_inv");
}

/** counts_sum_inv = counts_sum ** -1 */
export function dcounts_sum(f: NinjaForward, dcounts_sum_inv: Tensor): Tensor {
  return todo("dcounts_sum: the gradient of counts_sum, in the shape of counts_sum");
}

/** counts feeds probs and counts_sum: the two paths add up. */
export function dcounts(f: NinjaForward, dprobs: Tensor, dcounts_sum: Tensor): Tensor {
  return todo("dcounts: the gradient of counts, in the shape of counts");
}

/** counts = norm_logits.exp() */
export function dnorm_logits(f: NinjaForward, dcounts: Tensor): Tensor {
  return todo("dnorm_logits: the gradient of norm_logits, in the shape of norm_logits");
}

/** norm_logits = logits - logit_maxes: logit_maxes [n, 1] was broadcast over the columns. */
export function dlogit_maxes(f: NinjaForward, dnorm_logits: Tensor): Tensor {
  return todo("dlogit_maxes: the gradient of logit_maxes, in the shape of logit_maxes");
}

/** logits feeds norm_logits directly and through its row's max, which picks one element. */
export function dlogits(f: NinjaForward, dnorm_logits: Tensor, dlogit_maxes: Tensor): Tensor {
  return todo("dlogits: the gradient of logits, in the shape of logits");
}

// ——— the second layer: logits = h @ W2 + b2 ———

export function dh(f: NinjaForward, dlogits: Tensor): Tensor {
  return todo("dh: the gradient of h, in the shape of h");
}

export function dW2(f: NinjaForward, dlogits: Tensor): Tensor {
  return todo("dW2: the gradient of W2, in the shape of W2");
}

export function db2(f: NinjaForward, dlogits: Tensor): Tensor {
  return todo("db2: the gradient of b2, in the shape of b2");
}

/** h = tanh(hpreact): the derivative from the output, 1 - h². */
export function dhpreact(f: NinjaForward, dh: Tensor): Tensor {
  return todo("dhpreact: the gradient of hpreact, in the shape of hpreact");
}

// ——— BatchNorm: hpreact = bngain * bnraw + bnbias ———

export function dbngain(f: NinjaForward, dhpreact: Tensor): Tensor {
  return todo("dbngain: the gradient of bngain, in the shape of bngain");
}

export function dbnbias(f: NinjaForward, dhpreact: Tensor): Tensor {
  return todo("dbnbias: the gradient of bnbias, in the shape of bnbias");
}

export function dbnraw(f: NinjaForward, dhpreact: Tensor): Tensor {
  return todo("dbnraw: the gradient of bnraw, in the shape of bnraw");
}

/** bnraw = bndiff * bnvar_inv */
export function dbnvar_inv(f: NinjaForward, dbnraw: Tensor): Tensor {
  return todo("dbnvar_inv: the gradient of bnvar_inv, in the shape of bnvar_inv");
}

/** bnvar_inv = (bnvar + 1e-5) ** -0.5 */
export function dbnvar(f: NinjaForward, dbnvar_inv: Tensor): Tensor {
  return todo("dbnvar: the gradient of bnvar, in the shape of bnvar");
}

/** bnvar = 1/(n-1) * bndiff2.sum(0, keepdim=True) */
export function dbndiff2(f: NinjaForward, dbnvar: Tensor): Tensor {
  return todo("dbndiff2: the gradient of bndiff2, in the shape of bndiff2");
}

/** bndiff feeds bnraw and bndiff2: the two paths add up. */
export function dbndiff(f: NinjaForward, dbnraw: Tensor, dbndiff2: Tensor): Tensor {
  return todo("dbndiff: the gradient of bndiff, in the shape of bndiff");
}

/** bndiff = hprebn - bnmeani: bnmeani [1, 64] was broadcast over the rows. */
export function dbnmeani(f: NinjaForward, dbndiff: Tensor): Tensor {
  return todo("dbnmeani: the gradient of bnmeani, in the shape of bnmeani");
}

/** hprebn feeds bndiff directly and through bnmeani = 1/n * hprebn.sum(0, keepdim=True). */
export function dhprebn(f: NinjaForward, dbndiff: Tensor, dbnmeani: Tensor): Tensor {
  return todo("dhprebn: the gradient of hprebn, in the shape of hprebn");
}

// ——— the first layer: hprebn = embcat @ W1 + b1 ———

export function dembcat(f: NinjaForward, dhprebn: Tensor): Tensor {
  return todo("dembcat: the gradient of embcat, in the shape of embcat");
}

export function dW1(f: NinjaForward, dhprebn: Tensor): Tensor {
  return todo("dW1: the gradient of W1, in the shape of W1");
}

export function db1(f: NinjaForward, dhprebn: Tensor): Tensor {
  return todo("db1: the gradient of b1, in the shape of b1");
}

// ——— the embedding: embcat = emb.view(n, -1), emb = C[Xb] ———

export function demb(f: NinjaForward, dembcat: Tensor): Tensor {
  return todo("demb: the gradient of emb, in the shape of emb");
}

/** Each row of C was picked once per time it occurs in Xb: its gradient adds up over those. */
export function dC(f: NinjaForward, demb: Tensor): Tensor {
  return todo("dC: the gradient of C, in the shape of C");
}
