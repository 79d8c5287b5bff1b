/**
 * Slicing and joining: `t.slice(":", 0)` is PyTorch's `t[:, 0]`, and `cat`, `stack`, `unbind`,
 * `squeeze`, `unsqueeze`, `clone` beside it. A slice is a copy here (PyTorch's is a view of
 * the same storage; the values and gradients are the same, but writing into a slice does not
 * reach the tensor it came from). squeeze and unsqueeze share storage, as in PyTorch.
 */
import { gradientFor, record } from "../autograd.ts";
import * as errors from "../errors.ts";
import {
  broadcastShapes,
  broadcastStrides,
  numelOf,
  sameShape,
  sizesAroundDim,
  wrapDim,
} from "../shape.ts";
import { allocate, type Storage } from "../storage.ts";
import { defineMethods, Tensor } from "../tensor.ts";

/** One index of a slice: an integer picks one position (the dimension goes), a string such as ":", "1:", ":-1" or "::2" keeps a range. */
export type SliceIndex = number | string;

/** Where a dimension's kept positions start, their step and how many there are. */
interface Range {
  start: number;
  step: number;
  length: number;
  keep: boolean;
}

/** Python's `start:stop:step` on a dimension of `size`, clamped as Python clamps slices. */
function parseRange(text: string, size: number): Range {
  const parts = text.split(":");
  if (parts.length < 2 || parts.length > 3) throw errors.badSlice(text);
  const numbers = parts.map((p) => {
    const s = p.trim();
    if (s === "") return undefined;
    const n = Number(s);
    if (!Number.isInteger(n)) throw errors.badSlice(text);
    return n;
  });
  const step = numbers[2] ?? 1;
  if (step <= 0) throw errors.sliceStepNotPositive(text);
  const clamp = (v: number | undefined, fallback: number) =>
    v === undefined ? fallback : Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const start = clamp(numbers[0], 0);
  const stop = clamp(numbers[1], size);
  return { start, step, length: Math.max(0, Math.ceil((stop - start) / step)), keep: true };
}

function rangeOf(index: SliceIndex, size: number, dim: number): Range {
  if (typeof index === "string") return parseRange(index, size);
  if (!Number.isInteger(index)) throw errors.indicesFractional("the slice", index);
  if (index < -size || index >= size) throw errors.sliceIndexOutOfRange(index, dim, size);
  return { start: index < 0 ? index + size : index, step: 1, length: 1, keep: false };
}

/**
 * Walks every kept position of `x` (row-major), calling `visit(from, to)` with its offset in
 * x and in the slice.
 */
function walk(
  shape: readonly number[],
  ranges: Range[],
  visit: (from: number, to: number) => void,
) {
  const strides = shape.map((_, d) => numelOf(shape.slice(d + 1)));
  let to = 0;
  const go = (d: number, from: number): void => {
    if (d === shape.length) {
      visit(from, to++);
      return;
    }
    const { start, step, length } = ranges[d]!;
    for (let i = 0; i < length; i++) go(d + 1, from + (start + i * step) * strides[d]!);
  };
  go(0, 0);
}

/** `x[i, a:b, ...]`: dimensions without an index are kept whole. */
export function slice(x: Tensor, indices: readonly SliceIndex[], name?: string): Tensor {
  if (indices.length > x.ndim) throw errors.tooManySliceIndices(indices.length, x.ndim);
  const ranges = x.shape.map((size, d) =>
    d < indices.length
      ? rangeOf(indices[d]!, size, d)
      : { start: 0, step: 1, length: size, keep: true },
  );
  const shape = ranges.filter((r) => r.keep).map((r) => r.length);
  const out = allocate(x.dtype, numelOf(shape), false);
  const source = x.storage;
  walk(x.shape, ranges, (from, to) => {
    out[to] = source[from]!;
  });
  const last = indices[indices.length - 1];
  const step = name ?? (typeof last === "number" ? "SelectBackward0" : "SliceBackward0");
  return record(out, shape, x.dtype, [x], step, (g) => [
    gradientFor(x, (dx) => {
      const grad = g.storage;
      walk(x.shape, ranges, (from, to) => {
        dx[from]! += grad[to]!;
      });
    }),
  ]);
}

/**
 * `x[i, a:b, ...] = value` (PyTorch's item assignment), in place: the positions the indices
 * pick, as slice() picks them, get value broadcast to their shape (a number fills them).
 */
export function assignSlice(
  x: Tensor,
  value: Tensor | number,
  indices: readonly SliceIndex[],
): void {
  if (indices.length > x.ndim) throw errors.tooManySliceIndices(indices.length, x.ndim);
  const ranges = x.shape.map((size, d) =>
    d < indices.length
      ? rangeOf(indices[d]!, size, d)
      : { start: 0, step: 1, length: size, keep: true },
  );
  const shape = ranges.filter((r) => r.keep).map((r) => r.length);
  const target = x.storage;
  if (typeof value === "number") {
    walk(x.shape, ranges, (from) => {
      target[from] = value;
    });
    return;
  }
  const fitted = broadcastShapes(value.shape, shape);
  if (!sameShape(fitted, shape)) throw errors.inPlaceResultShape(shape, value.shape, fitted);
  const strides = broadcastStrides(value.shape, shape);
  const source = value.storage;
  const at = new Array<number>(shape.length).fill(0);
  walk(x.shape, ranges, (from) => {
    let offset = 0;
    for (let d = 0; d < shape.length; d++) offset += at[d]! * strides[d]!;
    target[from] = source[offset]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++at[d]! < shape[d]!) break;
      at[d] = 0;
    }
  });
}

/** `x.select(dim, i)`: position i of `dim`, that dimension removed (x[:, i] for dim 1). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = wrapDim(dim, x.shape);
  return slice(x, [...new Array<string>(d).fill(":"), index], "SelectBackward0");
}

/** `x.narrow(dim, start, length)`: `length` positions of `dim` from `start` (x[:, 1:3] for narrow(1, 1, 2)). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = wrapDim(dim, x.shape);
  const size = x.shape[d]!;
  const first = start < 0 ? start + size : start;
  if (!Number.isInteger(start) || !Number.isInteger(length) || first < 0 || length < 0)
    throw errors.narrowOutOfRange(start, length, size);
  if (first + length > size) throw errors.narrowOutOfRange(start, length, size);
  const range = `${first}:${first + length}`;
  return slice(x, [...new Array<string>(d).fill(":"), range], "SliceBackward0");
}

/** The same storage with one more dimension of size 1 at `dim`. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, [...x.shape, 1]);
  const shape = [...x.shape.slice(0, d), 1, ...x.shape.slice(d)];
  return record(x.storage, shape, x.dtype, [x], "UnsqueezeBackward0", (g) => [
    new Tensor(g.storage, x.shape, g.dtype),
  ]);
}

/** The same storage without the dimensions of size 1 (or only `dim`, if it has size 1). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  const d = dim === undefined ? -1 : wrapDim(dim, x.shape);
  const shape = x.shape.filter((s, i) => s !== 1 || (d >= 0 && i !== d));
  const name = dim === undefined ? "SqueezeBackward0" : "SqueezeBackward1";
  return record(x.storage, shape, x.dtype, [x], name, (g) => [
    new Tensor(g.storage, x.shape, g.dtype),
  ]);
}

/** A copy with storage of its own; the gradient passes through unchanged. */
export function clone(x: Tensor): Tensor {
  const out = allocate(x.dtype, x.numel(), false);
  out.set(x.storage);
  return record(out, x.shape, x.dtype, [x], "CloneBackward0", (g) => [g]);
}

/** `torch.cat(tensors, dim)`: the tensors joined along `dim`, every other size equal. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const first = tensors[0];
  if (!first) throw errors.joinNothing("cat");
  if (first.ndim === 0) throw errors.catOfNumbers();
  const d = wrapDim(dim, first.shape);
  tensors.forEach((t, k) => {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i]))
      throw errors.catSizes(d, first.shape, t.shape, k);
    if (t.dtype !== first.dtype) throw errors.joinDtypes("cat", first.dtype, t.dtype);
  });
  const { outer, inner } = sizesAroundDim(first.shape, d);
  const widths = tensors.map((t) => t.shape[d]! * inner);
  const width = widths.reduce((a, b) => a + b, 0);
  const shape = first.shape.map((s, i) => (i === d ? width / inner : s));
  const out = allocate(first.dtype, outer * width, false);
  let at = 0;
  tensors.forEach((t, k) => {
    copyBlocks(t.storage, 0, widths[k]!, out, at, width, outer, widths[k]!);
    at += widths[k]!;
  });
  return record(out, shape, first.dtype, tensors, "CatBackward0", (g) => {
    let from = 0;
    return tensors.map((t, k) => {
      const start = from;
      from += widths[k]!;
      return gradientFor(
        t,
        (dx) => copyBlocks(g.storage, start, width, dx, 0, widths[k]!, outer, widths[k]!),
        false,
      );
    });
  });
}

/** Copies `outer` blocks of `length` elements, from every `fromStride` to every `toStride`. */
function copyBlocks(
  from: Storage,
  fromAt: number,
  fromStride: number,
  to: Storage,
  toAt: number,
  toStride: number,
  outer: number,
  length: number,
): void {
  for (let o = 0; o < outer; o++)
    to.set(
      from.subarray(fromAt + o * fromStride, fromAt + o * fromStride + length),
      toAt + o * toStride,
    );
}

/** `torch.stack(tensors, dim)`: tensors of one shape joined along a new dimension `dim`. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const first = tensors[0];
  if (!first) throw errors.joinNothing("stack");
  tensors.forEach((t, k) => {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => s !== first.shape[i]))
      throw errors.stackSizes(first.shape, t.shape, k);
  });
  const d = wrapDim(dim, [...first.shape, 1]);
  const joined = cat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
  return joined.gradFn
    ? record(joined.storage, joined.shape, joined.dtype, [joined], "StackBackward0", (g) => [g])
    : joined;
}

/** `torch.unbind(x, dim)`: the tensors x holds along `dim`, that dimension removed. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = wrapDim(dim, x.shape);
  const before: SliceIndex[] = Array(d).fill(":");
  return Array.from({ length: x.shape[d]! }, (_, i) => slice(x, [...before, i], "UnbindBackward0"));
}

defineMethods({
  slice(...indices) {
    return slice(this, indices);
  },
  select(dim, index) {
    return select(this, dim, index);
  },
  narrow(dim, start, length) {
    return narrow(this, dim, start, length);
  },
  squeeze(dim) {
    return squeeze(this, dim);
  },
  unsqueeze(dim) {
    return unsqueeze(this, dim);
  },
  clone() {
    return clone(this);
  },
  unbind(dim) {
    return unbind(this, dim);
  },
  nelement() {
    return this.numel();
  },
});
