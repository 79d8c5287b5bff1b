/**
 * Shapes: element counts, PyTorch's broadcasting rule, dimensions counted from the end, the
 * shapes of reductions and views, and `torch.Size`. Only arithmetic on lists of sizes lives
 * here; the loops over elements are the kernels'.
 */
import { inspect } from "node:util";
import * as errors from "./errors.ts";

/** The number of elements of a tensor of `shape` (1 for a number's empty shape). */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** A shape no one can change: frozen ones are shared as they are (views and results of the same shape share one). */
export function frozen(shape: readonly number[]): readonly number[] {
  return Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
}

/** An empty shape (a number's), shared. */
export const noDimensions: readonly number[] = Object.freeze([]);

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** PyTorch's rule, from the last dimension: sizes equal, or one of them 1. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw errors.doNotBroadcast(a, b, i, da, db);
    out.push(da === 1 ? db : da);
  }
  return Object.freeze(out) as number[];
}

/** The shape of `a op b`: a's own when b is a number or has the same shape (the usual case, checked first). */
export function binaryResultShape(a: readonly number[], b: readonly number[]): readonly number[] {
  // b the same as a's last dimensions (a bias row added to every row, say): a's shape.
  if (b.length <= a.length) {
    let same = true;
    const offset = a.length - b.length;
    for (let i = 0; i < b.length; i++) if (a[offset + i] !== b[i]) same = false;
    if (same) return a;
  }
  return broadcastShapes(a, b);
}

/** A dimension of `shape`, counting from the end when negative (PyTorch's wrap_dim). */
export function wrapDim(dim: number, shape: readonly number[]): number {
  const n = shape.length;
  if (dim < -n || dim >= Math.max(n, 1)) throw errors.dimOutOfRange(dim, shape);
  return dim < 0 ? dim + n : dim;
}

/**
 * `shape` seen around dimension `dim`, as the reduction kernels walk it: `outer` elements'
 * worth of blocks before it (the product of the sizes before `dim`), its `size`, and `inner`
 * (the product of the sizes after it). A tensor of shape [2, 3, 4] around dim 1 is 2 blocks
 * of 3 rows of 4.
 */
export function sizesAroundDim(
  shape: readonly number[],
  dim: number,
): { outer: number; size: number; inner: number } {
  const d = wrapDim(dim, shape);
  return {
    outer: numelOf(shape.slice(0, d)),
    size: shape[d]!,
    inner: numelOf(shape.slice(d + 1)),
  };
}

/** The shape of a reduction over `dim`: that dimension dropped, or kept as size 1. */
export function reducedShape(shape: readonly number[], dim: number, keepdim: boolean): number[] {
  const d = wrapDim(dim, shape);
  return keepdim ? shape.map((s, i) => (i === d ? 1 : s)) : shape.filter((_, i) => i !== d);
}

/** The sizes given to view() or reshape(), flattened and checked: whole, and at most one -1. */
export function viewSizes(sizes: readonly (number | readonly number[])[]): number[] {
  const dims = (sizes.some((d) => typeof d !== "number") ? sizes.flat() : sizes) as number[];
  let minusOnes = 0;
  for (const d of dims) {
    if (d === -1) minusOnes++;
    else if (!Number.isInteger(d) || d < 0) throw errors.viewSizesNotWhole(dims);
  }
  if (minusOnes > 1) throw errors.viewHasTwoInferred(minusOnes, dims);
  return dims;
}

/** The shape `dims` gives a tensor of `numel` elements (and of `shape`), its -1 inferred. */
export function resolveView(
  dims: readonly number[],
  numel: number,
  shape: readonly number[],
): readonly number[] {
  const inferred = dims.indexOf(-1);
  let known = 1;
  for (const d of dims) if (d !== -1) known *= d;
  const resolved = dims.slice();
  if (inferred >= 0) {
    if (known === 0 || numel % known !== 0) throw errors.viewCannotInfer(dims, numel);
    resolved[inferred] = numel / known;
  }
  if (numelOf(resolved) !== numel) throw errors.viewWrongSize(dims, numel, shape);
  return Object.freeze(resolved);
}

/** The position in row-major storage of the element at `index` (negative indices count from the end). */
export function flatIndex(shape: readonly number[], index: readonly number[]): number {
  if (index.length !== shape.length) throw errors.wrongIndexCount(shape.length, index.length);
  let flat = 0;
  // A plain loop: get() and set() run it per element, and a callback per dimension cost more.
  for (let d = 0; d < index.length; d++) {
    const i = index[d]!;
    const size = shape[d]!;
    const j = i < 0 ? i + size : i;
    if (!Number.isInteger(j) || j < 0 || j >= size) throw errors.elementOutOfBounds(i, d, size);
    flat = flat * size + j;
  }
  return flat;
}

/** Strides of a contiguous tensor of `shape`. */
function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d]!;
  }
  return strides;
}

/** Strides for reading an input of `shape` as if it had `outShape` (0 along broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = contiguousStrides(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, d) => (d < offset || shape[d - offset] === 1 ? 0 : own[d - offset]!));
}

/** `torch.Size([27, 27])` */
export class Size extends Array<number> {
  constructor(shape: readonly number[]) {
    super();
    this.push(...shape);
  }
  static override get [Symbol.species]() {
    return Array;
  }
  override toString(): string {
    return `torch.Size([${this.join(", ")}])`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}
