/**
 * Reductions: sum and mean over all elements or one dimension, var and std, and max. The
 * tensor is seen around the reduced dimension as [outer, size, inner] (sizesAroundDim); each
 * gradient spreads the output's gradient back over `size`.
 */
import { gradientFor, record } from "../autograd.ts";
import { isFloating } from "../dtype.ts";
import * as errors from "../errors.ts";
import { kernels } from "../kernels.ts";
import { reducedShape, sizesAroundDim, wrapDim } from "../shape.ts";
import { allocate } from "../storage.ts";
import { defineMethods, type MaxResult, Tensor } from "../tensor.ts";
import { to } from "./convert.ts";
import { neg, sqrt } from "./elementwise.ts";

/** The whole tensor as one block of `size` elements, or its blocks around `dim`. */
function blocks(x: Tensor, dim: number | undefined) {
  return dim === undefined ? { outer: 1, size: x.numel(), inner: 1 } : sizesAroundDim(x.shape, dim);
}

/** The sum over all elements or over `dim`, times `factor`; its gradient is g·factor for every element summed. */
function sumTimes(
  name: "Sum" | "Mean",
  x: Tensor,
  dim: number | undefined,
  keepdim: boolean,
  factor: number,
): Tensor {
  const { outer, size, inner } = blocks(x, dim);
  const shape = dim === undefined ? [] : reducedShape(x.shape, dim, keepdim);
  const dtype =
    name === "Mean" && !isFloating(x.dtype)
      ? "float32"
      : (x.dtype === "int32" || x.dtype === "bool") && name === "Sum"
        ? "int64"
        : x.dtype;
  const out = allocate(dtype, outer * inner, false); // the kernel writes all of it
  kernels.sumDim(x.storage, outer, size, inner, out);
  if (factor !== 1) kernels.scale(out, factor, out);
  return record(out, shape, dtype, [x], `${name}Backward${dim === undefined ? 0 : 1}`, (g) => [
    gradientFor(x, (dx) => kernels.expandDim(g.storage, outer, size, inner, dx, factor), false),
  ]);
}

/** How many elements a reduction over `dim` (or over everything) takes in. */
function countOf(x: Tensor, dim: number | undefined): number {
  return dim === undefined ? x.numel() : x.shape[wrapDim(dim, x.shape)]!;
}

export function sum(x: Tensor, dim?: number, keepdim = false): Tensor {
  return sumTimes("Sum", x, dim, keepdim, 1);
}

export function mean(x: Tensor, dim?: number, keepdim = false): Tensor {
  return sumTimes("Mean", x, dim, keepdim, 1 / countOf(x, dim));
}

/**
 * One kernel, as PyTorch's var is one: the mean and the squared deviations in float64, divided by
 * n − correction, rounded once (VarBackward0). Its gradient is g · 2(x − mean) / (n − correction).
 */
export function variance(x: Tensor, dim?: number, keepdim = false, correction = 1): Tensor {
  if (!isFloating(x.dtype)) return variance(to(x, "float32"), dim, keepdim, correction);
  const { outer, size, inner } = blocks(x, dim);
  const shape = dim === undefined ? [] : reducedShape(x.shape, dim, keepdim);
  const divisor = Math.max(0, size - correction);
  const means = allocate(x.dtype, outer * inner, false);
  const out = allocate(x.dtype, outer * inner);
  kernels.varianceDim(x.storage, outer, size, inner, divisor, means, out);
  return record(out, shape, x.dtype, [x], "VarBackward0", (g) => [
    gradientFor(
      x,
      (dx) =>
        kernels.varianceDimBackward(x.storage, means, g.storage, outer, size, inner, divisor, dx),
      false,
    ),
  ]);
}

/** The square root of the variance, as PyTorch's std. */
export function std(x: Tensor, dim?: number, keepdim = false, correction = 1): Tensor {
  return sqrt(variance(x, dim, keepdim, correction));
}

export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): MaxResult;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | MaxResult {
  const { outer, size, inner } = blocks(x, dim);
  if (size === 0) throw errors.maxOfEmpty();
  const shape = dim === undefined ? [] : reducedShape(x.shape, dim, keepdim);
  const values = allocate(x.dtype, outer * inner);
  const indices = new Int32Array(outer * inner);
  kernels.maxDim(x.storage, outer, size, inner, values, indices);
  // Over all elements the gradient is shared evenly by tied maxima (as PyTorch's
  // MaxBackward1); over a dimension it goes to the index returned (MaxBackward0).
  if (dim === undefined)
    return record(values, shape, x.dtype, [x], "MaxBackward1", (g) => [
      gradientFor(
        x,
        (dx) => kernels.evenlyToMaxima(x.storage, values[0]!, g.storage[0]!, dx),
        false,
      ),
    ]);
  const result = record(values, shape, x.dtype, [x], "MaxBackward0", (g) => [
    gradientFor(x, (dx) => kernels.maxDimBackward(g.storage, indices, outer, size, inner, dx)),
  ]);
  return { values: result, indices: new Tensor(indices, shape, "int64") };
}

/** The smallest element, or { values, indices } over `dim`: max of -x, its values negated back. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): MaxResult;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | MaxResult {
  const negated = neg(x.detach());
  if (dim === undefined) {
    const values = max(negated).storage;
    kernels.scale(values, -1, values);
    return record(values, [], x.dtype, [x], "MinBackward1", (g) => [
      gradientFor(
        x,
        (dx) => kernels.evenlyToMaxima(x.storage, values[0]!, g.storage[0]!, dx),
        false,
      ),
    ]);
  }
  const { values, indices } = max(negated, dim, keepdim);
  kernels.scale(values.storage, -1, values.storage);
  const { outer, size, inner } = sizesAroundDim(x.shape, dim);
  const picked = indices.storage as Int32Array;
  const result = record(values.storage, values.shape, x.dtype, [x], "MinBackward0", (g) => [
    gradientFor(x, (dx) => kernels.maxDimBackward(g.storage, picked, outer, size, inner, dx)),
  ]);
  return { values: result, indices };
}

/**
 * `torch.histc(x, bins, min, max)`: counts of the elements in `bins` equal bins over [min, max]
 * (the data's own range when both are 0), the largest value in the last bin, elements outside
 * left out. Not differentiable, as in PyTorch.
 */
export function histc(x: Tensor, bins = 100, min = 0, max = 0): Tensor {
  const values = x.storage;
  let low = min;
  let high = max;
  if (low === 0 && high === 0 && values.length > 0) {
    low = Infinity;
    high = -Infinity;
    for (const v of values) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  if (low === high) {
    low -= 1;
    high += 1;
  }
  const dtype = isFloating(x.dtype) ? x.dtype : "float32";
  const counts = allocate(dtype, bins);
  for (const v of values) {
    if (!(v >= low && v <= high)) continue;
    counts[Math.min(bins - 1, Math.floor(((v - low) * bins) / (high - low)))]! += 1;
  }
  return new Tensor(counts, [bins], dtype);
}

/** argmax/argmin over `dim`, or, without one, the index in the flattened tensor (as PyTorch). */
function argExtreme(pick: typeof max, x: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim !== undefined) return pick(x, dim, keepdim).indices;
  const flat = pick(new Tensor(x.storage, [x.numel()], x.dtype), 0).indices;
  return keepdim
    ? new Tensor(
        flat.storage,
        x.shape.map(() => 1),
        "int64",
      )
    : flat;
}

defineMethods({
  sum(dim, keepdim) {
    return sum(this, dim, keepdim);
  },
  mean(dim, keepdim) {
    return mean(this, dim, keepdim);
  },
  var(dim, keepdim, correction) {
    return variance(this, dim, keepdim, correction);
  },
  std(dim, keepdim, correction) {
    return std(this, dim, keepdim, correction);
  },
  max: function (this: Tensor, dim?: number, keepdim?: boolean) {
    return dim === undefined ? max(this) : max(this, dim, keepdim);
  } as Tensor["max"],
  argmax(dim, keepdim) {
    return argExtreme(max, this, dim, keepdim);
  },
  min: function (this: Tensor, dim?: number, keepdim?: boolean) {
    return dim === undefined ? min(this) : min(this, dim, keepdim);
  } as Tensor["min"],
  histc(bins, min, max) {
    return histc(this, bins, min, max);
  },
  argmin(dim, keepdim) {
    return argExtreme(min, this, dim, keepdim);
  },
});
