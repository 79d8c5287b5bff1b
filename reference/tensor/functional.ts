/**
 * PyTorch's `F.` functions the lectures use: softmax and the fused cross-entropy (each beside
 * its gradient), pow with a plain number as the base, and the unary functions.
 */
import { gradientFor, record } from "./autograd.ts";
import { full } from "./creation.ts";
import { isFloating } from "./dtype.ts";
import * as errors from "./errors.ts";
import { kernels } from "./kernels.ts";
import * as elementwise from "./ops/elementwise.ts";
import { wrapDim } from "./shape.ts";
import { allocate } from "./storage.ts";
import { defineMethods, Tensor } from "./tensor.ts";

export { noGrad } from "./autograd.ts";
export { abs, exp, log, log10, relu, sigmoid, sqrt, tanh } from "./ops/elementwise.ts";

/** Softmax over `dim` (the last dimension, as the lectures use it), stable; its gradient is y·(g - Σ g·y). */
export function softmax(x: Tensor, dim = -1): Tensor {
  const d = wrapDim(dim, x.shape);
  if (d !== x.ndim - 1) throw errors.softmaxNotLastDim();
  const width = x.shape[d]!;
  const dtype = isFloating(x.dtype) ? x.dtype : "float32";
  const out = allocate(dtype, x.numel());
  kernels.softmaxRows(x.storage, width, out);
  return record(out, x.shape, dtype, [x], "SoftmaxBackward0", (g) => [
    gradientFor(x, (dx) => kernels.softmaxRowsBackward(out, g.storage, width, dx)),
  ]);
}

/**
 * The mean negative log-likelihood of `targets` under softmax(`logits`), fused: the row max is
 * subtracted before exponentiating, so logits of 1e4 do not overflow, and the gradient is the
 * simple (softmax - one-hot) / rows, times the loss's.
 */
export function crossEntropy(logits: Tensor, targets: Tensor): Tensor {
  if (logits.ndim !== 2) throw errors.crossEntropyLogitsShape(logits.shape);
  if (targets.ndim !== 1 || targets.shape[0] !== logits.shape[0])
    throw errors.crossEntropyTargetsShape(logits.shape, targets.shape);
  if (!isFloating(logits.dtype)) throw errors.crossEntropyIntegerLogits(logits.dtype);
  if (isFloating(targets.dtype)) throw errors.crossEntropyFloatTargets(targets.dtype);
  const width = logits.shape[1]!;
  const indices = targets.storage as Int32Array;
  for (const t of indices) if (t < 0 || t >= width) throw errors.targetOutOfRange(t, width);
  // The softmax kept for the backward pass, in the logits' precision (float32 as in PyTorch).
  const probs = allocate(
    logits.dtype === "float64" ? "float64" : "float32",
    logits.numel(),
    false,
  ) as Float32Array | Float64Array;
  const loss = kernels.crossEntropyForward(logits.storage, indices, width, probs);
  const out = allocate(logits.dtype, 1).fill(loss);
  return record(out, [], logits.dtype, [logits], "NllLossBackward0", (g) => [
    gradientFor(
      logits,
      (dx) => kernels.crossEntropyBackward(probs, indices, width, g.storage[0]!, dx),
      false, // written whole by the kernel
    ),
  ]);
}

/**
 * `base ** exponent` where either side may be a plain number: `pow(10, lre)` is the lecture's
 * `lrs = 10**lre` (a number raised to each element of a tensor).
 */
export function pow(base: Tensor | number, exponent: Tensor | number): Tensor {
  if (base instanceof Tensor) return elementwise.pow(base, exponent);
  if (typeof exponent === "number") return full([], base ** exponent);
  const dtype = isFloating(exponent.dtype) ? exponent.dtype : "float32";
  return elementwise.pow(full([], base, { dtype }), exponent);
}

defineMethods({
  softmax(dim) {
    return softmax(this, dim);
  },
});
