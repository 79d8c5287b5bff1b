/**
 * In-place changes: add_, sub_, mul_, div_, fill_, zero_ and set(). Autograd never records
 * them: use them on `.data`, inside noGrad(), or on tensors without gradients. In grad mode a
 * change autograd would not see is an error that says what to write instead.
 */
import { isGradEnabled } from "../autograd.ts";
import type { BinaryOp } from "../backend.ts";
import { isFloating, resultType } from "../dtype.ts";
import * as errors from "../errors.ts";
import { kernels } from "../kernels.ts";
import {
  binaryResultShape,
  flatIndex,
  noDimensions,
  sameShape,
  sizesAroundDim,
  wrapDim,
} from "../shape.ts";
import { defineMethods, type Operand, type Tensor } from "../tensor.ts";
import { scalar } from "./elementwise.ts";
import { assignSlice, type SliceIndex } from "./slicing.ts";

/**
 * In grad mode, refuses an in-place change autograd would not see: to a leaf that requires
 * grad (as PyTorch refuses), or to a tensor autograd recorded, whose backward step would
 * then read the changed values (PyTorch tracks that; here it is an error, and the fix is
 * a new tensor). `call` names the operation, `instead` is what to write.
 */
function checkInPlace(t: Tensor, call: string, instead: string): void {
  if (!isGradEnabled() || !t.requiresGrad) return;
  if (t.gradFn === null) throw errors.inPlaceOnLeaf(call);
  throw errors.inPlaceOnRecorded(call, t.gradFn.name, instead);
}

/** t = t op other, broadcasting other; the result must keep t's shape and fit its dtype. */
function inPlace<T extends Tensor>(t: T, op: BinaryOp, other: Operand): T {
  checkInPlace(t, `${op}_()`, `h = h.${op}(...) rather than h.${op}_(...)`);
  const bStorage = typeof other === "number" ? scalar(other) : other.storage;
  const bShape = typeof other === "number" ? noDimensions : other.shape;
  // A float result does not go into integers.
  const dtype =
    typeof other === "number"
      ? resultType(t.dtype, Number.isInteger(other) ? "number-int" : "number-float")
      : resultType(t.dtype, other.dtype);
  if (!isFloating(t.dtype) && (op === "div" || isFloating(dtype))) {
    const result = op === "div" && !isFloating(dtype) ? "float32" : dtype;
    throw errors.inPlaceResultType(op, result, t.dtype);
  }
  const shape = binaryResultShape(t.shape, bShape);
  if (shape.length !== t.ndim || shape.some((s, i) => s !== t.shape[i]))
    throw errors.inPlaceResultShape(t.shape, bShape, shape);
  kernels.binary(op, t.storage, t.shape, bStorage, bShape, t.storage, t.shape);
  return t;
}

/**
 * `x.index_add_(dim, index, source)`: adds source's slice j along `dim` to x's slice index[j]
 * (repeated indices add up): the embedding's gradient written by hand in the backprop lecture.
 */
function indexAdd_<T extends Tensor>(x: T, dim: number, index: Tensor, source: Tensor): T {
  checkInPlace(x, "index_add_()", "a new tensor, x.add(...)");
  const { outer, size, inner } = sizesAroundDim(x.shape, dim);
  const d = wrapDim(dim, x.shape);
  const picks = index.storage;
  const expected = x.shape.map((s, i) => (i === d ? picks.length : s));
  if (index.ndim > 1 || !sameShape(source.shape, expected))
    throw errors.indexAddShapes(x.shape, index.shape, source.shape, d);
  const target = x.storage;
  const values = source.storage;
  for (let j = 0; j < picks.length; j++) {
    const k = picks[j]!;
    if (!Number.isInteger(k) || k < 0 || k >= size) throw errors.indexOutOfRange(k, "index", size);
  }
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < picks.length; j++) {
      const to = (o * size + picks[j]!) * inner;
      const from = (o * picks.length + j) * inner;
      for (let i = 0; i < inner; i++) target[to + i]! += values[from + i]!;
    }
  return x;
}

defineMethods({
  indexAdd_(dim, index, source) {
    return indexAdd_(this, dim, index, source);
  },
  add_(other) {
    return inPlace(this, "add", other);
  },
  sub_(other) {
    return inPlace(this, "sub", other);
  },
  mul_(other) {
    return inPlace(this, "mul", other);
  },
  div_(other) {
    return inPlace(this, "div", other);
  },
  fill_(value) {
    checkInPlace(this, "fill_()", "h = full(h.shape, value)");
    this.storage.fill(value);
    return this;
  },
  zero_() {
    checkInPlace(this, "zero_()", "h = zeros(h.shape)");
    this.storage.fill(0);
    return this;
  },
  set(value: Tensor | number, ...index: SliceIndex[]) {
    checkInPlace(this, "set()", "build the numbers first and make a tensor of them");
    const oneElement =
      typeof value === "number" &&
      index.length === this.ndim &&
      index.every((i) => typeof i === "number");
    if (oneElement) this.storage[flatIndex(this.shape, index as number[])] = value;
    else assignSlice(this, value, index);
  },
});
