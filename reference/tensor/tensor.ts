/**
 * The kit's torch: a Tensor with PyTorch's names, broadcasting and autograd, so that the
 * lectures' code reads line for line in TypeScript. `a + b` is `a.add(b)`, `C[X]` is
 * `C.index(X)`, `p.data += -lr * p.grad` is `p.data.add_(p.grad.mul(-lr))`.
 *
 * This file is the tensor itself: its numbers (one contiguous typed array, shared by views:
 * storage.ts), shape and dtype, its place in the autograd graph, and the methods that only
 * read it. The operations live in ops/, by family, each beside its gradient. They make new
 * tensors, so this file cannot import them without an import cycle: each family gives Tensor
 * its methods with defineMethods(), and the interface below declares every one of them, so
 * that this file still lists the whole API. index.ts loads all the families.
 */
import { inspect } from "node:util";
import { type DType, isFloating } from "./dtype.ts";
import * as errors from "./errors.ts";
import { formatTensor } from "./format.ts";
import { flatIndex, frozen, numelOf, Size, wrapDim } from "./shape.ts";
import { allocate, type Lease, leaseOf, outliveScope, type Storage } from "./storage.ts";

export type NestedNumbers = number | boolean | NestedNumbers[];

/** An operand of elementwise arithmetic: a tensor, or a plain number. */
export type Operand = Tensor | number;

/** What `t.max(dim)` gives: the largest values along `dim`, and the index of each. */
export interface MaxResult {
  values: Tensor;
  indices: Tensor;
}

/** One step of the backward graph: how the gradient of an output reaches its inputs. */
export interface GradFn {
  /** PyTorch's name for the step, as printed in `grad_fn=<...>`. */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Returns one gradient per input (null where the input needs none). */
  backward(grad: Tensor): (Tensor | null)[];
}

/**
 * The methods the op families define on Tensor (with defineMethods, below): declared here so
 * that every tensor has them in its type, and this file lists them all.
 */
export interface Tensor {
  // ——— elementwise arithmetic, broadcast as PyTorch does (ops/elementwise.ts) ———

  /** `a + b` */
  add(other: Operand): Tensor;
  /** `a - b` */
  sub(other: Operand): Tensor;
  /** `a * b` */
  mul(other: Operand): Tensor;
  /** `a / b`, a float result even for integers (true division). */
  div(other: Operand): Tensor;
  /** `a ** b` */
  pow(exponent: Operand): Tensor;
  /** `-a` */
  neg(): Tensor;
  exp(): Tensor;
  log(): Tensor;
  tanh(): Tensor;
  relu(): Tensor;
  /** `|a|`; integers stay integers. */
  abs(): Tensor;
  sqrt(): Tensor;
  log10(): Tensor;
  /** `1 / (1 + e^-a)` */
  sigmoid(): Tensor;

  // ——— in place, never recorded by autograd: use them on `.data`, inside noGrad(), or on tensors without gradients (ops/inplace.ts) ———

  add_(other: Operand): this;
  sub_(other: Operand): this;
  mul_(other: Operand): this;
  div_(other: Operand): this;
  fill_(value: number): this;
  /** `x.index_add_(dim, index, source)`: source's slices along dim added to x's at index (repeats add up). */
  indexAdd_(dim: number, index: Tensor, source: Tensor): this;
  zero_(): this;
  /** Sets one element: `N.set(N.get(i, j) + 1, i, j)` is `N[i, j] += 1`. */
  set(value: number, ...index: number[]): void;
  /**
   * Item assignment with slices, `xbow[b, t] = xprev.mean(0)` is `xbow.set(xprev.mean(0), b, t)`
   * and `x[:, 0] = 1` is `x.set(1, ":", 0)`: value (broadcast) written into the positions
   * slice() would pick.
   */
  set(value: Tensor | number, ...index: (number | string)[]): void;

  // ——— reductions (ops/reduce.ts) ———

  /** The sum of all elements, or over `dim` or a list of dims (keeping them as size 1 when `keepdim`). */
  sum(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** The mean, as sum: x.mean([0, 1], true) is the BatchNorm lecture's mean over (B, T). Floats only, as in PyTorch. */
  mean(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /**
   * The variance over all elements or over `dim`, with Bessel's correction by default (divide
   * by n - 1, as torch.var does); `correction = 0` divides by n.
   */
  var(dim?: number, keepdim?: boolean, correction?: number): Tensor;
  /** The standard deviation: the square root of var(dim, keepdim, correction). */
  std(dim?: number, keepdim?: boolean, correction?: number): Tensor;
  /** `t.max()` is the largest element; `t.max(dim)` gives { values, indices } over that dimension. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): MaxResult;
  /** `t.min()` is the smallest element; `t.min(dim)` gives { values, indices } over that dimension. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): MaxResult;
  /** Indices of the largest element along `dim`; without one, its index in the flattened tensor. */
  argmax(dim?: number, keepdim?: boolean): Tensor;
  /** `torch.histc`: counts in `bins` equal bins over [min, max] (the data's range when both are 0). */
  histc(bins?: number, min?: number, max?: number): Tensor;
  /** Indices of the smallest element along `dim`; without one, its index in the flattened tensor. */
  argmin(dim?: number, keepdim?: boolean): Tensor;

  // ——— views and conversions (ops/views.ts, ops/convert.ts) ———

  /** The same elements in another shape, sharing storage; one dimension may be -1 (inferred). */
  view(...shape: (number | readonly number[])[]): Tensor;
  reshape(...shape: (number | readonly number[])[]): Tensor;
  /** The transpose of a 2-D tensor (a copy; PyTorch's is a view, with the same values). */
  readonly T: Tensor;
  /** `x.transpose(-2, -1)`: two dimensions swapped, as a copy; with no dims, the 2-D transpose. */
  transpose(dim0?: number, dim1?: number): Tensor;
  /** The 2-D transpose, PyTorch's `x.t()`. */
  t(): Tensor;
  to(dtype: DType): Tensor;
  float(): Tensor;
  double(): Tensor;
  long(): Tensor;
  int(): Tensor;
  /** True where the element is nonzero. */
  bool(): Tensor;

  // ——— comparisons and masks (ops/compare.ts) ———

  /** `a > b`, a bool tensor (broadcast); lt, ge, le, eq, ne likewise. */
  gt(other: Operand): Tensor;
  lt(other: Operand): Tensor;
  ge(other: Operand): Tensor;
  le(other: Operand): Tensor;
  eq(other: Operand): Tensor;
  ne(other: Operand): Tensor;
  /** `x.masked_fill(mask, value)`: value where the bool mask holds. */
  maskedFill(mask: Tensor, value: number): Tensor;
  /** Each element limited to [min, max]; pass null (or leave out) for no bound. */
  clamp(min?: number | null, max?: number | null): Tensor;
  /** The lower triangle of the last two dimensions (below `diagonal`), zeros above. */
  tril(diagonal?: number): Tensor;
  /** The upper triangle of the last two dimensions (from `diagonal`), zeros below. */
  triu(diagonal?: number): Tensor;

  // ——— slicing and joining (ops/slicing.ts) ———

  /**
   * `t[:, 0]` is `t.slice(":", 0)`, `N[:, 1:]` is `N.slice(":", "1:")`, `x[-1]` is
   * `x.slice(-1)`, `x[::2]` is `x.slice("::2")`: an integer picks one position (the dimension
   * goes), a string keeps Python's start:stop:step range. A copy (PyTorch's is a view).
   */
  slice(...indices: (number | string)[]): Tensor;
  /** `x.select(dim, i)`: position i of `dim`, the dimension removed (`emb[:, 0, :]` is `emb.select(1, 0)`). */
  select(dim: number, index: number): Tensor;
  /** `x.narrow(dim, start, length)`: `length` positions of `dim` from `start` (`x[:, 1:3]` is `x.narrow(1, 1, 2)`). */
  narrow(dim: number, start: number, length: number): Tensor;
  /** Without the dimensions of size 1 (or only `dim`), sharing storage. */
  squeeze(dim?: number): Tensor;
  /** With a new dimension of size 1 at `dim`, sharing storage. */
  unsqueeze(dim: number): Tensor;
  /** A copy with storage of its own, in the graph. */
  clone(): Tensor;
  /** The tensors along `dim` (0 by default), that dimension removed: `torch.unbind(x, dim)`. */
  unbind(dim?: number): Tensor[];
  /** The number of elements, as numel(). */
  nelement(): number;

  // ——— matrix product, indexing, softmax (ops/matmul.ts, ops/indexing.ts, functional.ts) ———

  /** Matrix product of 2-D tensors (m×k)·(k×n); a 1-D right side is treated as a column. */
  matmul(other: Tensor): Tensor;
  /**
   * `C.index(X)` is PyTorch's `C[X]`: rows of C picked by the integers in X (any shape), giving
   * shape [...X.shape, ...C.shape.slice(1)]. `P.index(rows, cols)` is `P[rows, cols]`: one
   * element per pair.
   */
  index(rows: Tensor | readonly number[] | number, cols?: Tensor | readonly number[]): Tensor;
  /** Softmax over `dim` (the last dimension by default), stable. */
  softmax(dim?: number): Tensor;
  /** Log-softmax over `dim` (the last dimension by default), stable. */
  logSoftmax(dim?: number): Tensor;

  // ——— autograd (backward.ts) ———

  /**
   * Fills in `.grad` of every tensor this one was computed from that requires a gradient.
   * Gradients accumulate (in place) across calls, as in PyTorch: set `p.grad = null` between
   * steps. Each leaf's `.grad` is a tensor of its own, never shared with another leaf or with
   * the `gradient` passed in.
   */
  backward(gradient?: Tensor): void;
}

/**
 * backward()'s bookkeeping on each tensor, under keys only backward.ts uses: the pass that
 * last put it in order, and the gradient gathered for it so far in that pass.
 */
export const orderedIn: unique symbol = Symbol("orderedIn");
export const gathered: unique symbol = Symbol("gathered");

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above declares the methods the op families define (ops/*.ts, with defineMethods).
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  private readonly elements: Storage;
  /** The scope() the storage was made in, if any: when it ends the memory is given back. */
  readonly lease: Lease | undefined;
  requiresGrad: boolean;
  grad: Tensor | null = null;
  /** The operation that made this tensor, when autograd recorded it. */
  gradFn: GradFn | null = null;
  /** Whether backward() keeps this non-leaf tensor's gradient in `.grad` (retainGrad()). */
  retainsGrad = false;
  [orderedIn] = 0;
  [gathered]: Tensor | null = null;

  constructor(storage: Storage, shape: readonly number[], dtype: DType, requiresGrad = false) {
    if (storage.length !== numelOf(shape))
      throw errors.storageDoesNotFit(shape, numelOf(shape), storage.length);
    if (requiresGrad && !isFloating(dtype)) throw errors.cannotRequireGrad(dtype);
    this.elements = storage;
    this.lease = leaseOf(storage);
    this.shape = frozen(shape);
    this.dtype = dtype;
    this.requiresGrad = requiresGrad;
  }

  /** The elements, row-major. Shared by views of this tensor. */
  get storage(): Storage {
    if (this.lease?.ended) throw errors.usedAfterScope();
    return this.elements;
  }

  get ndim(): number {
    return this.shape.length;
  }

  numel(): number {
    return this.storage.length;
  }

  /** `t.size()` prints like torch.Size([27, 27]); `t.size(0)` is one dimension. */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    if (dim === undefined) return new Size(this.shape);
    return this.shape[wrapDim(dim, this.shape)]!;
  }

  requiresGrad_(flag = true): this {
    if (flag && !isFloating(this.dtype)) throw errors.cannotRequireGrad(this.dtype);
    this.requiresGrad = flag;
    return this;
  }

  /** `t.retain_grad()`: backward() fills `.grad` of this non-leaf tensor too (leaves always get theirs). */
  retainGrad(): this {
    if (this.gradFn) this.retainsGrad = true;
    return this;
  }

  /** The same storage, outside the graph: in-place changes to it are not recorded. */
  get data(): Tensor {
    return new Tensor(this.storage, this.shape, this.dtype);
  }

  /**
   * `W.data = W.data.sub(W.grad.mul(lr))`, as PyTorch writes an update: the new values replace
   * this tensor's, outside the graph. They are copied in (PyTorch shares the new storage), so the
   * shape and dtype must be this tensor's own.
   */
  set data(values: Tensor) {
    if (!(values instanceof Tensor)) throw errors.dataNeedsTensor(values);
    if (values.shape.join() !== this.shape.join() || values.dtype !== this.dtype)
      throw errors.dataShapeOrDtype(this.shape, this.dtype, values.shape, values.dtype);
    this.storage.set(values.storage);
  }

  detach(): Tensor {
    return this.data;
  }

  /** One element as a number: `N.get(1, 2)` is `N[1, 2].item()`. */
  get(...index: number[]): number {
    return this.storage[flatIndex(this.shape, index)]!;
  }

  /** The single element of a one-element tensor, as a number. */
  item(): number {
    if (this.numel() !== 1) throw errors.itemNeedsOneElement(this.numel(), this.shape);
    return this.storage[0]!;
  }

  /** Nested arrays of numbers. */
  tolist(): NestedNumbers {
    const build = (d: number, offset: number): NestedNumbers => {
      if (d === this.ndim) return this.storage[offset]!;
      const stride = numelOf(this.shape.slice(d + 1));
      return Array.from({ length: this.shape[d]! }, (_, i) => build(d + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  toString(): string {
    return formatTensor(this);
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** What scope() returns for this tensor: a copy (without the graph) when the scope made it. */
  [outliveScope](lease: Lease): Tensor {
    if (this.lease !== lease) return this;
    const copy = allocate(this.dtype, this.numel(), false);
    copy.set(this.storage);
    return new Tensor(copy, this.shape, this.dtype);
  }
}

/**
 * Gives Tensor the methods of one op family (declared in the interface above): an object
 * whose methods' `this` is the tensor. They are defined as a class's methods are (not
 * enumerable), so a tensor looks the same wherever its methods came from.
 */
export function defineMethods(methods: Partial<Tensor> & ThisType<Tensor>): void {
  const descriptors = Object.getOwnPropertyDescriptors(methods);
  for (const name of Object.keys(descriptors))
    Object.defineProperty(Tensor.prototype, name, { ...descriptors[name], enumerable: false });
}
