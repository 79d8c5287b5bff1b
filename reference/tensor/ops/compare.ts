/**
 * Comparisons and masks: `gt, lt, ge, le, eq, ne` give bool tensors (`h.abs().gt(0.99)` is
 * `h.abs() > 0.99`), and the ops that take them: `where`, `maskedFill`; with `clamp` and
 * `tril`/`triu`, whose gradients are masks too. Each gradient is g where the element came
 * through, +0 elsewhere (chosen, as PyTorch's where(mask, g, 0), not g · mask, which is -0
 * under a negative g).
 */
import { gradientFor, record } from "../autograd.ts";
import { isFloating, resultType } from "../dtype.ts";
import { forEachBroadcast } from "../plain/elementwise.ts";
import { broadcastShapes, broadcastStrides, noDimensions, numelOf, sameShape } from "../shape.ts";
import { allocate, type Storage } from "../storage.ts";
import { defineMethods, type Operand, Tensor } from "../tensor.ts";
import { sumBackTo } from "./elementwise.ts";

const shapeOf = (x: Operand) => (typeof x === "number" ? noDimensions : x.shape);
const storageOf = (x: Operand): Storage => (typeof x === "number" ? Float64Array.of(x) : x.storage);

/** The elements of `x` broadcast to `shape`, one per output element. */
function spread(x: Operand, shape: readonly number[]): Storage {
  const source = storageOf(x);
  const out = new Float64Array(numelOf(shape));
  const strides = broadcastStrides(shapeOf(x), shape);
  forEachBroadcast(shape, strides, strides, (o, i) => {
    out[o] = source[i]!;
  });
  return out;
}

type Comparison = (x: number, y: number) => boolean;

function compare(a: Tensor, b: Operand, test: Comparison): Tensor {
  const shape = broadcastShapes(a.shape, shapeOf(b));
  const x = spread(a, shape);
  const y = spread(b, shape);
  const out = allocate("bool", numelOf(shape), false);
  for (let i = 0; i < out.length; i++) out[i] = test(x[i]!, y[i]!) ? 1 : 0;
  return new Tensor(out, shape, "bool");
}

export const gt = (a: Tensor, b: Operand) => compare(a, b, (x, y) => x > y);
export const lt = (a: Tensor, b: Operand) => compare(a, b, (x, y) => x < y);
export const ge = (a: Tensor, b: Operand) => compare(a, b, (x, y) => x >= y);
export const le = (a: Tensor, b: Operand) => compare(a, b, (x, y) => x <= y);
export const eq = (a: Tensor, b: Operand) => compare(a, b, (x, y) => x === y);
export const ne = (a: Tensor, b: Operand) => compare(a, b, (x, y) => x !== y);

/**
 * `torch.allclose(a, b)`: whether every |a - b| ≤ atol + rtol·|b|, broadcast (NaN is never
 * close). Lecture 7 checks its three ways of averaging the past agree with it.
 */
export function allclose(a: Tensor, b: Tensor, rtol = 1e-5, atol = 1e-8): boolean {
  const shape = broadcastShapes(a.shape, b.shape);
  const x = spread(a, shape);
  const y = spread(b, shape);
  for (let i = 0; i < x.length; i++) {
    const [u, v] = [x[i]!, y[i]!];
    if (u === v) continue; // equal infinities included
    if (!Number.isFinite(u) || !Number.isFinite(v)) return false;
    if (!(Math.abs(u - v) <= atol + rtol * Math.abs(v))) return false;
  }
  return true;
}

/** g where `keep` holds (or, with `keepWhen` false, where it does not), +0 elsewhere. */
function gradientWhere(g: Tensor, keep: ArrayLike<number>, keepWhen = true): Tensor {
  const grads = g.storage;
  const out = allocate(g.dtype, grads.length, false);
  for (let i = 0; i < out.length; i++) out[i] = (keep[i] !== 0) === keepWhen ? grads[i]! : 0;
  return new Tensor(out, g.shape, g.dtype);
}

/** `torch.where(condition, a, b)`: a where the condition holds, b elsewhere, all broadcast. */
export function where(condition: Tensor, a: Operand, b: Operand, name = "WhereBackward0"): Tensor {
  const shape = broadcastShapes(broadcastShapes(condition.shape, shapeOf(a)), shapeOf(b));
  const dtype =
    typeof a === "number" && typeof b !== "number"
      ? resultType(b.dtype, Number.isInteger(a) ? "number-int" : "number-float")
      : typeof a !== "number"
        ? resultType(
            a.dtype,
            typeof b === "number" ? (Number.isInteger(b) ? "number-int" : "number-float") : b.dtype,
          )
        : Number.isInteger(a) && Number.isInteger(b)
          ? "int64"
          : "float32";
  const c = spread(condition, shape);
  const x = spread(a, shape);
  const y = spread(b, shape);
  const out = allocate(dtype, numelOf(shape), false);
  for (let i = 0; i < out.length; i++) out[i] = c[i] ? x[i]! : y[i]!;
  const inputs = [a, b].filter((t): t is Tensor => t instanceof Tensor);
  return record(out, shape, dtype, inputs, name, (g) => {
    const grads: (Tensor | null)[] = [];
    if (a instanceof Tensor) grads.push(a.requiresGrad ? sumBackTo(gradientWhere(g, c), a) : null);
    if (b instanceof Tensor)
      grads.push(b.requiresGrad ? sumBackTo(gradientWhere(g, c, false), b) : null);
    return grads;
  });
}

/**
 * `x.masked_fill(mask, value)`: value where the mask holds, x elsewhere; the gradient is g
 * where x came through. A float x and a mask that broadcasts to x's shape (attention's causal
 * mask over a batch) run as one pass over x; anything else as where().
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  const shape = broadcastShapes(x.shape, mask.shape);
  if (!isFloating(x.dtype) || shape.length !== x.ndim || shape.some((s, d) => s !== x.shape[d]))
    return where(mask, value, x, "MaskedFillBackward0");
  const n = x.numel();
  const filled = new Uint8Array(n);
  const holds = mask.storage;
  if (sameShape(mask.shape, shape.slice(shape.length - mask.ndim)) && mask.numel() > 0) {
    // The mask's shape is x's last dimensions: it repeats every mask.numel() elements.
    const period = mask.numel();
    for (let i = 0; i < n; i++) filled[i] = holds[i % period] ? 1 : 0;
  } else {
    const strides = broadcastStrides(mask.shape, shape);
    forEachBroadcast(shape, strides, strides, (o, i) => {
      filled[o] = holds[i] ? 1 : 0;
    });
  }
  const source = x.storage;
  const out = allocate(x.dtype, n, false);
  for (let i = 0; i < n; i++) out[i] = filled[i] ? value : source[i]!;
  return record(out, x.shape, x.dtype, [x], "MaskedFillBackward0", (g) => [
    gradientFor(
      x,
      (dx) => {
        const grad = g.storage;
        for (let i = 0; i < n; i++) dx[i] = filled[i] ? 0 : grad[i]!;
      },
      false,
    ),
  ]);
}

/** Each element limited to [min, max] (either may be left out); the gradient passes inside. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const low = min ?? -Infinity;
  const high = max ?? Infinity;
  const source = x.storage;
  const out = allocate(x.dtype, x.numel(), false);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(Math.max(source[i]!, low), high);
  return record(out, x.shape, x.dtype, [x], "ClampBackward1", (g) => {
    const inside = source.map((v) => (v >= low && v <= high ? 1 : 0));
    return [gradientWhere(g, inside)];
  });
}

/** The lower (tril) or upper (triu) triangle of the last two dimensions, from `diagonal` on. */
function triangle(x: Tensor, diagonal: number, lower: boolean): Tensor {
  const rows = x.shape[x.ndim - 2] ?? 1;
  const cols = x.shape[x.ndim - 1] ?? 1;
  const keep = new Int32Array(x.numel());
  for (let i = 0; i < keep.length; i++) {
    const r = Math.floor(i / cols) % rows;
    const c = i % cols;
    keep[i] = (lower ? c - r <= diagonal : c - r >= diagonal) ? 1 : 0;
  }
  const source = x.storage;
  const out = allocate(x.dtype, x.numel(), false);
  for (let i = 0; i < out.length; i++) out[i] = keep[i] ? source[i]! : 0;
  return record(out, x.shape, x.dtype, [x], lower ? "TrilBackward0" : "TriuBackward0", (g) => [
    gradientWhere(g, keep),
  ]);
}

export const tril = (x: Tensor, diagonal = 0): Tensor => triangle(x, diagonal, true);
export const triu = (x: Tensor, diagonal = 0): Tensor => triangle(x, diagonal, false);

defineMethods({
  gt(other) {
    return gt(this, other);
  },
  lt(other) {
    return lt(this, other);
  },
  ge(other) {
    return ge(this, other);
  },
  le(other) {
    return le(this, other);
  },
  eq(other) {
    return eq(this, other);
  },
  ne(other) {
    return ne(this, other);
  },
  maskedFill(mask, value) {
    return maskedFill(this, mask, value);
  },
  clamp(min, max) {
    return clamp(this, min, max);
  },
  tril(diagonal) {
    return tril(this, diagonal);
  },
  triu(diagonal) {
    return triu(this, diagonal);
  },
});
