/**
 * PyTorch's `F.` functions the lectures use: softmax and the fused cross-entropy (each beside
 * its gradient), pow with a plain number as the base, and the unary functions.
 */
import { gradientFor, record } from "./autograd.ts";
import { full } from "./creation.ts";
import { type DType, isFloating } from "./dtype.ts";
import * as errors from "./errors.ts";
import { kernels } from "./kernels.ts";
import * as elementwise from "./ops/elementwise.ts";
import { laneSum } from "./plain/lanes.ts";
import { sizesAroundDim, wrapDim } from "./shape.ts";
import { allocate } from "./storage.ts";
import { defineMethods, type Operand, Tensor } from "./tensor.ts";

export { noGrad } from "./autograd.ts";
export { abs, exp, log, log10, relu, sigmoid, sqrt, tanh } from "./ops/elementwise.ts";

/** Softmax over `dim` (the last dimension by default), stable; its gradient is y·(g - Σ g·y). */
export function softmax(x: Tensor, dim = -1): Tensor {
  const d = wrapDim(dim, x.shape);
  const dtype = isFloating(x.dtype) ? x.dtype : "float32";
  if (d !== x.ndim - 1) return softmaxOverDim(x, d, dtype);
  const width = x.shape[d]!;
  const out = allocate(dtype, x.numel(), false); // the kernel writes all of it
  kernels.softmaxRows(x.storage, width, out);
  return record(out, x.shape, dtype, [x], "SoftmaxBackward0", (g) => [
    gradientFor(x, (dx) => kernels.softmaxRowsBackward(out, g.storage, width, dx)),
  ]);
}

/** Softmax over a dimension other than the last: the same sums, walked with a stride. */
function softmaxOverDim(x: Tensor, d: number, dtype: DType): Tensor {
  const { outer, size, inner } = sizesAroundDim(x.shape, d);
  const source = x.storage;
  const out = allocate(dtype, x.numel(), false);
  const at = (o: number, s: number, i: number) => (o * size + s) * inner + i;
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let max = -Infinity;
      for (let s = 0; s < size; s++) max = Math.max(max, source[at(o, s, i)]!);
      let total = 0;
      for (let s = 0; s < size; s++) total += Math.exp(source[at(o, s, i)]! - max);
      for (let s = 0; s < size; s++)
        out[at(o, s, i)] = Math.exp(source[at(o, s, i)]! - max) / total;
    }
  return record(out, x.shape, dtype, [x], "SoftmaxBackward0", (g) => [
    gradientFor(x, (dx) => {
      const grad = g.storage;
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < inner; i++) {
          let dot = 0;
          for (let s = 0; s < size; s++) dot += grad[at(o, s, i)]! * out[at(o, s, i)]!;
          for (let s = 0; s < size; s++)
            dx[at(o, s, i)] = out[at(o, s, i)]! * (grad[at(o, s, i)]! - dot);
        }
    }),
  ]);
}

/**
 * `F.layer_norm(x, (width,), weight, bias, eps)`: each row of the last dimension normalised
 * to mean 0 and (biased) variance 1, then scaled by weight and shifted by bias, in one step
 * forward and one backward (PyTorch's NativeLayerNormBackward0). x, weight and bias share a
 * floating dtype; weight and bias have the last dimension's size.
 */
export function layerNorm(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const width = x.shape.at(-1) ?? 1;
  const dtype = x.dtype;
  if (!isFloating(dtype) || weight.dtype !== dtype || bias.dtype !== dtype)
    throw errors.layerNormDTypes(dtype, weight.dtype, bias.dtype);
  if (weight.numel() !== width || bias.numel() !== width)
    throw errors.layerNormWeightShape(x.shape, weight.shape, bias.shape);
  const rows = x.numel() / width;
  const out = allocate(dtype, x.numel(), false);
  const mean = allocate(dtype, rows, false);
  const rstd = allocate(dtype, rows, false);
  kernels.layerNormRows(x.storage, weight.storage, bias.storage, width, eps, out, mean, rstd);
  return record(out, x.shape, dtype, [x, weight, bias], "NativeLayerNormBackward0", (g) => {
    const dx = allocate(dtype, x.numel(), false);
    const dweight = allocate(dtype, width, false);
    const dbias = allocate(dtype, width, false);
    kernels.layerNormRowsBackward(
      x.storage,
      weight.storage,
      mean,
      rstd,
      g.storage,
      width,
      dx,
      dweight,
      dbias,
    );
    return [
      x.requiresGrad ? new Tensor(dx, x.shape, dtype) : null,
      weight.requiresGrad ? new Tensor(dweight, weight.shape, dtype) : null,
      bias.requiresGrad ? new Tensor(dbias, bias.shape, dtype) : null,
    ];
  });
}

/**
 * Log-softmax over `dim` as PyTorch's kernel computes it (LogSoftmaxBackward0): x - max - log Σ
 * exp(x - max), each step rounded to the dtype, the sum over the last dim in PyTorch's lane
 * order (plain/lanes.ts), over another dim left to right. Its gradient is g - exp(y) · Σ g.
 */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  const d = wrapDim(dim, x.shape);
  const dtype = isFloating(x.dtype) ? x.dtype : "float32";
  const float32 = dtype === "float32";
  const f = float32 ? Math.fround : (v: number) => v;
  const { outer, size, inner } = sizesAroundDim(x.shape, d);
  const source = x.storage;
  const out = allocate(dtype, x.numel(), false);
  const at = (o: number, s: number, i: number) => (o * size + s) * inner + i;
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let s = 0; s < size; s++) max = Math.max(max, source[at(o, s, i)]!);
      // exp(x - max) first written where the result goes, and summed from there.
      for (let s = 0; s < size; s++) out[at(o, s, i)] = f(Math.exp(f(source[at(o, s, i)]! - max)));
      let total = 0;
      if (inner === 1) total = laneSum(out, at(o, 0, 0), size, float32);
      else for (let s = 0; s < size; s++) total = f(total + out[at(o, s, i)]!);
      const logTotal = f(Math.log(total));
      for (let s = 0; s < size; s++) out[at(o, s, i)] = f(source[at(o, s, i)]! - max) - logTotal;
    }
  return record(out, x.shape, dtype, [x], "LogSoftmaxBackward0", (g) => [
    gradientFor(
      x,
      (dx) => {
        const grad = g.storage;
        for (let o = 0; o < outer; o++)
          for (let i = 0; i < inner; i++) {
            let total = 0;
            if (inner === 1) total = laneSum(grad, at(o, 0, 0), size, float32);
            else for (let s = 0; s < size; s++) total = f(total + grad[at(o, s, i)]!);
            for (let s = 0; s < size; s++) {
              const k = at(o, s, i);
              dx[k] = grad[k]! - f(f(Math.exp(out[k]!)) * total);
            }
          }
      },
      false, // written whole
    ),
  ]);
}

/** The number on the left of `a op b` as a 0-d tensor of the other side's kind. */
function leftNumber(a: number, b: Tensor): Tensor {
  const keep = Number.isInteger(a) || isFloating(b.dtype);
  return full([], a, { dtype: keep ? b.dtype : "float32" });
}

/** `a + b` with a number on either side: `add(1, x)` is `1 + x`. */
export function add(a: Operand, b: Operand): Tensor {
  return binaryEither(elementwise.add, a, b);
}
/** `a - b` with a number on either side: `sub(1, x)` is `1 - x`. */
export function sub(a: Operand, b: Operand): Tensor {
  if (typeof a === "number" && b instanceof Tensor) return elementwise.rsub(leftNumber(a, b), b);
  return binaryEither(elementwise.sub, a, b);
}
/** `a * b` with a number on either side: `mul(2, x)` is `2 * x`. */
export function mul(a: Operand, b: Operand): Tensor {
  return binaryEither(elementwise.mul, a, b);
}
/** `a / b` with a number on either side: `div(1, x)` is `1 / x`. */
export function div(a: Operand, b: Operand): Tensor {
  return binaryEither(elementwise.div, a, b);
}

function binaryEither(op: (a: Tensor, b: Operand) => Tensor, a: Operand, b: Operand): Tensor {
  if (a instanceof Tensor) return op(a, b);
  if (b instanceof Tensor) return op(leftNumber(a, b), b);
  throw errors.twoNumbers();
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
  logSoftmax(dim) {
    return logSoftmax(this, dim);
  },
});
