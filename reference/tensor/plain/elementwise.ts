/**
 * The elementwise loops, plainly, on typed arrays: a op b with broadcasting, the unary
 * functions and their gradients, and the sums that undo a broadcast.
 */
import type { BinaryOp, UnaryOp } from "../backend.ts";
import { broadcastStrides } from "../shape.ts";
import type { Storage } from "../storage.ts";
import { tanhWide } from "./tanh.ts";

const binaryFns: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
};

const unaryFns: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  // As PyTorch's clamp_min(x, 0): nan stays nan, -0 stays -0.
  relu: (x) => (x < 0 ? 0 : x),
  abs: Math.abs,
  sqrt: Math.sqrt,
  log10: Math.log10,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
};

/**
 * Walks every element of `outShape`, calling `visit(outIndex, aIndex, bIndex)` with the flat
 * indices of an output element and of the input elements broadcast onto it.
 */
export function forEachBroadcast(
  outShape: readonly number[],
  aStrides: readonly number[],
  bStrides: readonly number[],
  visit: (o: number, ia: number, ib: number) => void,
): void {
  const rank = outShape.length;
  const total = outShape.reduce((p, s) => p * s, 1);
  if (total === 0) return;
  if (rank === 0) {
    visit(0, 0, 0);
    return;
  }
  const last = outShape[rank - 1]!;
  const sa = aStrides[rank - 1]!;
  const sb = bStrides[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < total; o += last) {
    for (let j = 0; j < last; j++) visit(o + j, ia + j * sa, ib + j * sb);
    // Advance the multi-index over the leading dimensions.
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      ia += aStrides[d]!;
      ib += bStrides[d]!;
      if (counter[d]! < outShape[d]!) break;
      ia -= aStrides[d]! * outShape[d]!;
      ib -= bStrides[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
}

/**
 * x ** y for a number y, as PyTorch's pow kernel special-cases it: 2 is x·x, 3 is x·x·x, 0.5 is
 * sqrt(x), -0.5 is 1 / sqrt(x), -1 is 1 / x, -2 is 1 / (x·x), each step rounded to the dtype
 * (so sqrt(-0) is -0 and 1 / sqrt(-0) is -inf, where Math.pow gives 0 and +inf); any other
 * exponent is Math.pow. BatchNorm's 1 / √(var + eps) is also several times faster this way.
 */
function powNumber(a: Storage, y: number, out: Storage): void {
  const f = out instanceof Float32Array ? Math.fround : (v: number) => v;
  const n = a.length;
  if (y === 2) for (let i = 0; i < n; i++) out[i] = a[i]! * a[i]!;
  else if (y === 3) for (let i = 0; i < n; i++) out[i] = f(a[i]! * a[i]!) * a[i]!;
  else if (y === 0.5) for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]!);
  else if (y === -0.5) for (let i = 0; i < n; i++) out[i] = 1 / f(Math.sqrt(a[i]!));
  else if (y === -1) for (let i = 0; i < n; i++) out[i] = 1 / a[i]!;
  else if (y === -2) for (let i = 0; i < n; i++) out[i] = 1 / f(a[i]! * a[i]!);
  else for (let i = 0; i < n; i++) out[i] = a[i]! ** y;
}

/** x broadcast as one row of `width` over every row of the output. */
export function isRow(x: Storage, shape: readonly number[], width: number): boolean {
  return x.length === width && shape[shape.length - 1] === width;
}

/**
 * x broadcast as one column over every column of the output: x's shape is the output's with
 * the last dimension 1. (Broadcasting allows each of x's dimensions to be 1 or the output's, so
 * with the same number of elements per row they are all the output's.)
 */
export function isColumn(
  x: Storage,
  shape: readonly number[],
  outShape: readonly number[],
): boolean {
  const width = outShape[outShape.length - 1] ?? 1;
  return (
    width > 1 &&
    shape.length === outShape.length &&
    shape[shape.length - 1] === 1 &&
    x.length * width === outShape.reduce((p, s) => p * s, 1)
  );
}

/**
 * out[r, j] = a[r·aRow + j·aCol] op b[r·bRow + j·bCol] over `rows` rows of `width`: every
 * layout above in one walk, the op chosen once outside the loops (a call per element through
 * binaryFns costs several times the arithmetic). The same expressions as binaryFns.
 */
function grid(
  op: BinaryOp,
  a: Storage,
  aRow: number,
  aCol: number,
  b: Storage,
  bRow: number,
  bCol: number,
  out: Storage,
  rows: number,
  width: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let ia = r * aRow;
    let ib = r * bRow;
    switch (op) {
      case "add":
        for (let j = 0; j < width; j++, ia += aCol, ib += bCol) out[o + j] = a[ia]! + b[ib]!;
        break;
      case "sub":
        for (let j = 0; j < width; j++, ia += aCol, ib += bCol) out[o + j] = a[ia]! - b[ib]!;
        break;
      case "mul":
        for (let j = 0; j < width; j++, ia += aCol, ib += bCol) out[o + j] = a[ia]! * b[ib]!;
        break;
      case "div":
        for (let j = 0; j < width; j++, ia += aCol, ib += bCol) out[o + j] = a[ia]! / b[ib]!;
        break;
      case "pow":
        for (let j = 0; j < width; j++, ia += aCol, ib += bCol) out[o + j] = a[ia]! ** b[ib]!;
        break;
    }
  }
}

export function binary(
  op: BinaryOp,
  a: Storage,
  aShape: readonly number[],
  b: Storage,
  bShape: readonly number[],
  out: Storage,
  outShape: readonly number[],
): void {
  const n = out.length;
  // Rows of `width`, one operand whole and the other a number, a row broadcast over every row
  // (the bias in x·W + b, the gain in gain * x) or a column broadcast over every column
  // (x / x.sum(1, keepdim)): no index bookkeeping needed.
  const width = outShape[outShape.length - 1] ?? 1;
  const rows = n / width;
  if (n === 0) return;
  if (a.length === n && b.length === n) grid(op, a, 0, 1, b, 0, 1, out, 1, n);
  else if (a.length === n && b.length === 1 && op === "pow" && !(out instanceof Int32Array))
    powNumber(a, b[0]!, out);
  else if (a.length === n && b.length === 1) grid(op, a, 0, 1, b, 0, 0, out, 1, n);
  else if (b.length === n && a.length === 1) grid(op, a, 0, 0, b, 0, 1, out, 1, n);
  else if (a.length === n && isRow(b, bShape, width))
    grid(op, a, width, 1, b, 0, 1, out, rows, width);
  else if (b.length === n && isRow(a, aShape, width))
    grid(op, a, 0, 1, b, width, 1, out, rows, width);
  else if (a.length === n && isColumn(b, bShape, outShape))
    grid(op, a, width, 1, b, 1, 0, out, rows, width);
  else if (b.length === n && isColumn(a, aShape, outShape))
    grid(op, a, 1, 0, b, width, 1, out, rows, width);
  else anyBroadcast(op, a, aShape, b, bShape, out, outShape);
}

/** The general case: each input's index walked through its broadcast strides. */
function anyBroadcast(
  op: BinaryOp,
  a: Storage,
  aShape: readonly number[],
  b: Storage,
  bShape: readonly number[],
  out: Storage,
  outShape: readonly number[],
): void {
  const f = binaryFns[op];
  forEachBroadcast(
    outShape,
    broadcastStrides(aShape, outShape),
    broadcastStrides(bShape, outShape),
    (o, ia, ib) => {
      out[o] = f(a[ia]!, b[ib]!);
    },
  );
}

/** PyTorch's ln 10 in log10's gradient, written 2.3025850929940456 there: 1 ulp (2^-51) below Math.LN10. */
const torchLn10 = Math.LN10 - 2 ** -51;

export function unary(op: UnaryOp, a: Storage, out: Storage): void {
  if (op === "sigmoid" && out instanceof Float32Array) {
    // PyTorch's float32 kernel, 1 / (1 + exp(-x)), rounds each step to float32: exp(100)
    // overflows, so sigmoid(-100) is 0, not a subnormal.
    const f32 = Math.fround;
    for (let i = 0; i < a.length; i++) out[i] = 1 / f32(1 + f32(Math.exp(-a[i]!)));
    return;
  }
  // float32 tanh: the WebAssembly kernel's twin, ±1 where PyTorch's float32 tanh saturates
  const f = op === "tanh" && out instanceof Float32Array ? tanhWide : unaryFns[op];
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!);
}

/** The unary ops' local derivatives, one line each, applied to the gradient g (out's old contents are ignored). */
export function unaryBackward(op: UnaryOp, x: Storage, y: Storage, g: Storage, out: Storage): void {
  switch (op) {
    case "neg":
      for (let i = 0; i < g.length; i++) out[i] = -g[i]!;
      return;
    case "exp":
      for (let i = 0; i < g.length; i++) out[i] = g[i]! * y[i]!;
      return;
    case "log":
      for (let i = 0; i < g.length; i++) out[i] = g[i]! / x[i]!;
      return;
    case "tanh":
      // float32: 1 - y² rounded once, as PyTorch's fused multiply-add (and the WebAssembly twin)
      if (out instanceof Float32Array)
        for (let i = 0; i < g.length; i++) out[i] = g[i]! * Math.fround(1 - y[i]! * y[i]!);
      else for (let i = 0; i < g.length; i++) out[i] = g[i]! * (1 - y[i]! * y[i]!);
      return;
    case "relu":
      // PyTorch's threshold_backward: 0 where y <= 0, g elsewhere (at nan too).
      for (let i = 0; i < g.length; i++) out[i] = y[i]! <= 0 ? 0 : g[i]!;
      return;
    case "abs":
      // PyTorch's sgn: +0 at ±0 and at nan (Math.sign gives -0 and nan there).
      for (let i = 0; i < g.length; i++) out[i] = g[i]! * (x[i]! > 0 ? 1 : x[i]! < 0 ? -1 : 0);
      return;
    case "sqrt":
      for (let i = 0; i < g.length; i++) out[i] = g[i]! / (2 * y[i]!);
      return;
    case "log10": {
      // g / (x · ln 10), as PyTorch: the product rounded to the dtype first.
      const f = out instanceof Float32Array ? Math.fround : (v: number) => v;
      const ln10 = f(torchLn10);
      for (let i = 0; i < g.length; i++) out[i] = g[i]! / f(x[i]! * ln10);
      return;
    }
    case "sigmoid": {
      // g · (1 - y) · y, left to right, each step rounded to the dtype as PyTorch's kernel.
      const f = out instanceof Float32Array ? Math.fround : (v: number) => v;
      for (let i = 0; i < g.length; i++) out[i] = f(g[i]! * f(1 - y[i]!)) * y[i]!;
      return;
    }
  }
}

export function scale(a: Storage, factor: number, out: Storage): void {
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * factor;
}

export function convert(a: Storage, out: Storage): void {
  if (out instanceof Int32Array) for (let i = 0; i < a.length; i++) out[i] = Math.trunc(a[i]!);
  else out.set(a);
}

export function sumToShape(
  source: Storage,
  sourceShape: readonly number[],
  target: Storage,
  targetShape: readonly number[],
): void {
  // Column sums (the gradient of a bias added to every row).
  const width = sourceShape[sourceShape.length - 1] ?? 1;
  if (target.length === width && targetShape[targetShape.length - 1] === width) {
    for (let start = 0; start < source.length; start += width)
      for (let j = 0; j < width; j++) target[j] = target[j]! + source[start + j]!;
    return;
  }
  const strides = broadcastStrides(targetShape, sourceShape);
  const zero = new Array<number>(sourceShape.length).fill(0);
  forEachBroadcast(sourceShape, strides, zero, (o, it) => {
    target[it] = target[it]! + source[o]!;
  });
}
