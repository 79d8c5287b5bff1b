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
  relu: (x) => (x > 0 ? x : 0),
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
 * x ** -0.5 for a float32 x, rounded to float32: BatchNorm's 1 / √(var + eps). 1 / √x is several
 * times faster than Math.pow and rounds to the same float32 for every positive finite float32
 * (checked for all of them); zero, infinities and NaN keep pow's answers (pow(-0, -0.5) is +∞).
 */
function inverseSqrt(x: number): number {
  return x > 0 && x < Number.POSITIVE_INFINITY ? 1 / Math.sqrt(x) : x ** -0.5;
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
  const f = binaryFns[op];
  if (a.length === out.length && b.length === out.length) {
    if (op === "add") for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
    else for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (a.length === out.length && b.length === 1) {
    const y = b[0]!;
    if (op === "mul") for (let i = 0; i < out.length; i++) out[i] = a[i]! * y;
    else if (op === "pow" && y === -0.5 && a instanceof Float32Array && out instanceof Float32Array)
      for (let i = 0; i < out.length; i++) out[i] = inverseSqrt(a[i]!);
    else if (op === "pow" && y === 3) {
      // PyTorch's x ** 3 is x·x·x, rounded in the dtype after each product (Math.pow is not)
      if (out instanceof Float32Array)
        for (let i = 0; i < out.length; i++) out[i] = Math.fround(a[i]! * a[i]!) * a[i]!;
      else for (let i = 0; i < out.length; i++) out[i] = a[i]! * a[i]! * a[i]!;
    } else for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, y);
    return;
  }
  // A row broadcast over every row of a (the bias in x·W + b): no index bookkeeping needed.
  const width = outShape[outShape.length - 1] ?? 1;
  if (a.length === out.length && b.length === width && bShape[bShape.length - 1] === width) {
    for (let start = 0; start < out.length; start += width) {
      if (op === "add") for (let j = 0; j < width; j++) out[start + j] = a[start + j]! + b[j]!;
      else for (let j = 0; j < width; j++) out[start + j] = f(a[start + j]!, b[j]!);
    }
    return;
  }
  // The row on the left (gain * x): the same walk with the roles swapped.
  if (b.length === out.length && a.length === width && aShape[aShape.length - 1] === width) {
    for (let start = 0; start < out.length; start += width)
      for (let j = 0; j < width; j++) out[start + j] = f(a[j]!, b[start + j]!);
    return;
  }
  forEachBroadcast(
    outShape,
    broadcastStrides(aShape, outShape),
    broadcastStrides(bShape, outShape),
    (o, ia, ib) => {
      out[o] = f(a[ia]!, b[ib]!);
    },
  );
}

export function unary(op: UnaryOp, a: Storage, out: Storage): void {
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
      for (let i = 0; i < g.length; i++) out[i] = y[i]! > 0 ? g[i]! : 0;
      return;
    case "abs":
      for (let i = 0; i < g.length; i++) out[i] = g[i]! * Math.sign(x[i]!);
      return;
    case "sqrt":
      for (let i = 0; i < g.length; i++) out[i] = g[i]! / (2 * y[i]!);
      return;
    case "log10":
      for (let i = 0; i < g.length; i++) out[i] = g[i]! / (x[i]! * Math.LN10);
      return;
    case "sigmoid":
      for (let i = 0; i < g.length; i++) out[i] = g[i]! * y[i]! * (1 - y[i]!);
      return;
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
