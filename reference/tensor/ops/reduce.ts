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
import { neg } from "./elementwise.ts";

/** The whole tensor as one block of `size` elements, or its blocks around `dim`. */
function blocks(x: Tensor, dim: number | undefined) {
  return dim === undefined ? { outer: 1, size: x.numel(), inner: 1 } : sizesAroundDim(x.shape, dim);
}

/** One dim, several (a list, as x.mean([0, 1], true)), or all of them (undefined). */
export type Dims = number | readonly number[] | undefined;

/** The dims a reduction takes, wrapped and in order, or undefined for all; a dim given twice is refused. */
function reducedDims(x: Tensor, dims: Dims): number[] | undefined {
  if (dims === undefined) return undefined;
  if (typeof dims === "number") return [wrapDim(dims, x.shape)];
  if (dims.length === 0) return undefined; // PyTorch's sum(dim=[]) is over everything
  const wrapped = dims.map((d) => wrapDim(d, x.shape));
  const repeated = wrapped.find((d, k) => wrapped.indexOf(d) !== k);
  if (repeated !== undefined) throw errors.dimRepeated(repeated);
  return wrapped.sort((p, q) => p - q);
}

/**
 * The sum over all elements or over `dims`, divided by the count for a mean (as PyTorch's
 * sum(...) / n). Several dims are summed one at a time, the last first. The gradient is g, or
 * g / n, copied to every element summed.
 */
function sumOrMean(name: "Sum" | "Mean", x: Tensor, dims: Dims, keepdim: boolean): Tensor {
  if (name === "Mean" && !isFloating(x.dtype)) throw errors.meanOfIntegers(x.dtype);
  const dtype = (x.dtype === "int32" || x.dtype === "bool") && name === "Sum" ? "int64" : x.dtype;
  const wrapped = reducedDims(x, dims);
  // Each step: the tensor seen around one dim as [outer, size, inner], summed over size.
  const steps =
    wrapped === undefined
      ? [{ outer: 1, size: x.numel(), inner: 1 }]
      : wrapped.map((_, k) => {
          const dim = wrapped[wrapped.length - 1 - k]!;
          return sizesAroundDim(
            x.shape.map((s, d) => (wrapped.includes(d) && d > dim ? 1 : s)),
            dim,
          );
        });
  let storage = x.storage;
  for (const { outer, size, inner } of steps) {
    const out = allocate(dtype, outer * inner, false); // the kernel writes all of it
    kernels.sumDim(storage, outer, size, inner, out);
    storage = out;
  }
  const count = steps.reduce((n, step) => n * step.size, 1);
  const divisor = name === "Mean" ? count : 1;
  if (name === "Mean") for (let i = 0; i < storage.length; i++) storage[i] = storage[i]! / count;
  const shape =
    wrapped === undefined
      ? keepdim
        ? x.shape.map(() => 1)
        : []
      : x.shape.flatMap((s, d) => (!wrapped.includes(d) ? [s] : keepdim ? [1] : []));
  const gradName = `${name}Backward${dims === undefined ? 0 : 1}`;
  return record(storage, shape, dtype, [x], gradName, (g) => [
    gradientFor(x, (dx) => {
      // The steps undone in reverse, the division (a mean's) in the first one only.
      let grads = g.storage;
      for (let k = steps.length - 1; k >= 0; k--) {
        const { outer, size, inner } = steps[k]!;
        const out = k === 0 ? dx : allocate(g.dtype, outer * size * inner, false);
        kernels.expandDim(grads, outer, size, inner, out, k === steps.length - 1 ? divisor : 1);
        grads = out;
      }
    }),
  ]);
}

export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return sumOrMean("Sum", x, dim, keepdim);
}

export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return sumOrMean("Mean", x, dim, keepdim);
}

/**
 * One kernel, as PyTorch's var is one: the mean and the squared deviations in float64, divided by
 * n − correction, rounded once (VarBackward0); std takes the square root before that rounding
 * (StdBackward0). The gradient is PyTorch's: ((2 / (n − correction)) · g) · (x − mean), the mean
 * from PyTorch's sum kernel in the dtype; std's g is first divided by 2·std (0 where std is 0).
 */
function spread(
  name: "Var" | "Std",
  x: Tensor,
  dim: number | undefined,
  keepdim: boolean,
  correction: number,
): Tensor {
  if (!isFloating(x.dtype)) return spread(name, to(x, "float32"), dim, keepdim, correction);
  const { outer, size, inner } = blocks(x, dim);
  const shape = dim === undefined ? [] : reducedShape(x.shape, dim, keepdim);
  const divisor = Math.max(0, size - correction);
  const out = allocate(x.dtype, outer * inner, false);
  kernels.varianceDim(x.storage, outer, size, inner, divisor, name === "Std", out);
  return record(out, shape, x.dtype, [x], `${name}Backward0`, (g) => [
    gradientFor(
      x,
      (dx) => {
        // PyTorch's var_backward takes x.mean(dim, keepdim) from its sum kernel, in the dtype:
        // the same mean to the bit, so the deviations x - mean are PyTorch's.
        const torchMeans = allocate(x.dtype, outer * inner, false);
        kernels.cascadeSumDim(x.storage, outer, size, inner, torchMeans);
        for (let k = 0; k < torchMeans.length; k++) torchMeans[k] = torchMeans[k]! / size;
        let grads = g.storage;
        if (name === "Std") {
          // grad / (result · 2), then var's gradient of that.
          grads = allocate(x.dtype, out.length, false);
          for (let k = 0; k < out.length; k++)
            grads[k] = out[k] === 0 ? 0 : g.storage[k]! / (out[k]! * 2);
        }
        kernels.varianceDimBackward(x.storage, torchMeans, grads, outer, size, inner, divisor, dx);
      },
      false,
    ),
  ]);
}

export function variance(x: Tensor, dim?: number, keepdim = false, correction = 1): Tensor {
  return spread("Var", x, dim, keepdim, correction);
}

/** The square root of the variance, as PyTorch's std: taken in float64, rounded once. */
export function std(x: Tensor, dim?: number, keepdim = false, correction = 1): Tensor {
  return spread("Std", x, dim, keepdim, correction);
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
