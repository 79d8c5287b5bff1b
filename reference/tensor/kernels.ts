/**
 * The loops. Every per-element loop of the kit's torch lives here, written once, plainly, on
 * typed arrays; the Tensor class only decides shapes and calls these. (A learner reading
 * tensor.ts sees the ideas; one reading this file sees the arithmetic.)
 */

import * as fast from "./wasm/fast.ts";

export type Storage = Float32Array | Float64Array | Int32Array;

/** A zeroed float32 array; in WebAssembly memory when those kernels are in use (wasm/runtime.ts). */
export const allocateFloat32 = fast.allocateFloat32;
/** An int32 array (for index tensors), reused across scopes like the float32 ones. */
export const allocateInt32 = fast.allocateInt32;
export type { Lease } from "./wasm/fast.ts";
export const leaseOf = fast.leaseOf;
export const withScope = fast.withScope;
/** Switches between these loops ("ts") and the WebAssembly ones ("wasm"), e.g. to compare them. */
export const useKernels = fast.useKernels;

export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow";
export type UnaryOp = "neg" | "exp" | "log" | "tanh" | "relu";

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
};

/** Strides of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d]!;
  }
  return strides;
}

/** Strides for reading an input of `shape` as if it had `outShape` (0 along broadcast dimensions). */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = contiguousStrides(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, d) => (d < offset || shape[d - offset] === 1 ? 0 : own[d - offset]!));
}

/**
 * Walks every element of `outShape`, calling `visit(outIndex, aIndex, bIndex)` with the flat
 * indices of an output element and of the input elements broadcast onto it.
 */
function forEachBroadcast(
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

export function binary(
  op: BinaryOp,
  a: Storage,
  aShape: readonly number[],
  b: Storage,
  bShape: readonly number[],
  out: Storage,
  outShape: readonly number[],
): void {
  if (fast.binary(op, a, b, bShape, out, outShape)) return; // WebAssembly, when it applies
  const f = binaryFns[op];
  if (a.length === out.length && b.length === out.length) {
    if (op === "add") for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
    else for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (a.length === out.length && b.length === 1) {
    const y = b[0]!;
    if (op === "mul") for (let i = 0; i < out.length; i++) out[i] = a[i]! * y;
    else for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, y);
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
  if (op === "tanh" && fast.tanh(a, out)) return;
  const f = unaryFns[op];
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!);
}

/** out[i] = a[i] * scale */
export function scale(a: Storage, factor: number, out: Storage): void {
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * factor;
}

/** target += source, elementwise (gradient accumulation; SGD updates with a scaled source). */
export function addInto(target: Storage, source: Storage, factor = 1): void {
  for (let i = 0; i < target.length; i++) target[i] = target[i]! + factor * source[i]!;
}

/** Sums `source` (of `sourceShape`) into `target` (of a shape it was broadcast from): gradients of broadcasts. */
export function sumToShape(
  source: Storage,
  sourceShape: readonly number[],
  target: Storage,
  targetShape: readonly number[],
): void {
  // Column sums (the gradient of a bias added to every row).
  const width = sourceShape[sourceShape.length - 1] ?? 1;
  if (target.length === width && targetShape[targetShape.length - 1] === width) {
    if (fast.columnSums(source, width, target)) return;
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

/**
 * Reductions over one dimension: the tensor is seen as [outer, size, inner] and reduced over
 * the middle. Sums accumulate in float64 before rounding to the output's type.
 */
export function sumDim(a: Storage, outer: number, size: number, inner: number, out: Storage): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let total = 0;
      for (let s = 0; s < size; s++) total += a[(o * size + s) * inner + i]!;
      out[o * inner + i] = total;
    }
  }
}

/** The gradient of sumDim: each input element receives its output's gradient. */
export function expandDim(
  g: Storage,
  outer: number,
  size: number,
  inner: number,
  out: Storage,
  factor = 1,
): void {
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < size; s++) {
      for (let i = 0; i < inner; i++) out[(o * size + s) * inner + i] = g[o * inner + i]! * factor;
    }
  }
}

/** Maximum over the middle dimension, with the index of the first maximum (as torch). */
export function maxDim(
  a: Storage,
  outer: number,
  size: number,
  inner: number,
  values: Storage,
  indices: Int32Array,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = Number.NEGATIVE_INFINITY;
      let at = 0;
      for (let s = 0; s < size; s++) {
        const x = a[(o * size + s) * inner + i]!;
        if (x > best || Number.isNaN(x)) {
          best = x;
          at = s;
          if (Number.isNaN(x)) break;
        }
      }
      values[o * inner + i] = best;
      indices[o * inner + i] = at;
    }
  }
}

/**
 * out (m×n) = a (m×k) · b (k×n). Each output row is a sum of rows of b weighted by a row of a,
 * accumulated in float64; four rows of b at a time, so the inner loop does more work per pass.
 */
export function matmul(
  a: Storage,
  b: Storage,
  out: Storage,
  m: number,
  k: number,
  n: number,
): void {
  if (fast.matmul("matmul", a, b, out, m, k, n)) return;
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    const aRow = i * k;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const x0 = a[aRow + p]!;
      const x1 = a[aRow + p + 1]!;
      const x2 = a[aRow + p + 2]!;
      const x3 = a[aRow + p + 3]!;
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++)
        row[j] = row[j]! + x0 * b[b0 + j]! + x1 * b[b1 + j]! + x2 * b[b2 + j]! + x3 * b[b3 + j]!;
    }
    for (; p < k; p++) {
      const x = a[aRow + p]!;
      const b0 = p * n;
      for (let j = 0; j < n; j++) row[j] = row[j]! + x * b[b0 + j]!;
    }
    const outRow = i * n;
    for (let j = 0; j < n; j++) out[outRow + j] = row[j]!;
  }
}

/**
 * out (m×k) += g (m×n) · bᵀ, for b (k×n): the gradient of a in a·b. Dot products of rows.
 * With `accumulate` false, out's old contents are ignored (it may be unzeroed memory).
 */
export function matmulTransposeB(
  g: Storage,
  b: Storage,
  out: Storage,
  m: number,
  n: number,
  k: number,
  accumulate = true,
): void {
  if (fast.matmul("matmulTransposeB", g, b, out, m, n, k, accumulate)) return;
  for (let i = 0; i < m; i++) {
    const gRow = i * n;
    for (let p = 0; p < k; p++) {
      const bRow = p * n;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        t0 += g[gRow + j]! * b[bRow + j]!;
        t1 += g[gRow + j + 1]! * b[bRow + j + 1]!;
        t2 += g[gRow + j + 2]! * b[bRow + j + 2]!;
        t3 += g[gRow + j + 3]! * b[bRow + j + 3]!;
      }
      for (; j < n; j++) t0 += g[gRow + j]! * b[bRow + j]!;
      out[i * k + p] = (accumulate ? out[i * k + p]! : 0) + (t0 + t1 + t2 + t3);
    }
  }
}

/**
 * out (k×n) += aᵀ · g, for a (m×k) and g (m×n): the gradient of b in a·b. Row p of out sums
 * rows of g. With `accumulate` false, out's old contents are ignored.
 */
export function matmulTransposeA(
  a: Storage,
  g: Storage,
  out: Storage,
  m: number,
  k: number,
  n: number,
  accumulate = true,
): void {
  if (fast.matmul("matmulTransposeA", a, g, out, m, k, n, accumulate)) return;
  const row = new Float64Array(n);
  for (let p = 0; p < k; p++) {
    row.fill(0);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const x0 = a[i * k + p]!;
      const x1 = a[(i + 1) * k + p]!;
      const x2 = a[(i + 2) * k + p]!;
      const x3 = a[(i + 3) * k + p]!;
      const g0 = i * n;
      const g1 = g0 + n;
      const g2 = g1 + n;
      const g3 = g2 + n;
      for (let j = 0; j < n; j++)
        row[j] = row[j]! + x0 * g[g0 + j]! + x1 * g[g1 + j]! + x2 * g[g2 + j]! + x3 * g[g3 + j]!;
    }
    for (; i < m; i++) {
      const x = a[i * k + p]!;
      const g0 = i * n;
      for (let j = 0; j < n; j++) row[j] = row[j]! + x * g[g0 + j]!;
    }
    const outRow = p * n;
    for (let j = 0; j < n; j++) out[outRow + j] = (accumulate ? out[outRow + j]! : 0) + row[j]!;
  }
}

/** 2-D transpose: out (n×m) = aᵀ for a (m×n). */
export function transpose(a: Storage, out: Storage, m: number, n: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j]!;
}

/** out[i] = table row indices[i] (rows of `width` elements): the embedding lookup C[X]. */
export function gatherRows(table: Storage, indices: Int32Array, width: number, out: Storage): void {
  if (fast.rows("gatherRows", table, indices, width, out)) return;
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * width;
    for (let j = 0; j < width; j++) out[i * width + j] = table[from + j]!;
  }
}

/** The gradient of gatherRows: each row's gradient is added back to the row it came from. */
export function scatterAddRows(g: Storage, indices: Int32Array, width: number, out: Storage): void {
  if (fast.rows("scatterAddRows", g, indices, width, out)) return;
  for (let i = 0; i < indices.length; i++) {
    const to = indices[i]! * width;
    for (let j = 0; j < width; j++) out[to + j] = out[to + j]! + g[i * width + j]!;
  }
}

/** The gradient of maxDim: each output's gradient goes to the input element that was the max. */
export function maxDimBackward(
  g: Storage,
  indices: Int32Array,
  outer: number,
  size: number,
  inner: number,
  out: Storage,
): void {
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++)
      out[(o * size + indices[o * inner + i]!) * inner + i] += g[o * inner + i]!;
}

/**
 * The gradient of the maximum of all elements: `g` shared evenly by every element equal to
 * `max` (every NaN, when the maximum is NaN), as PyTorch's full max() does. Writes all of out.
 */
export function evenlyToMaxima(a: Storage, max: number, g: number, out: Storage): void {
  const nan = Number.isNaN(max);
  let ties = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === max || (nan && Number.isNaN(a[i]))) ties++;
  const share = g / ties;
  for (let i = 0; i < a.length; i++)
    out[i] = a[i] === max || (nan && Number.isNaN(a[i])) ? share : 0;
}

/**
 * `P[rows, cols]` as flat positions row · width + col, with rows and cols broadcast against each
 * other to `shape` (as PyTorch broadcasts a pair of index tensors).
 */
export function flatPairIndices(
  rows: Storage,
  rowsShape: readonly number[],
  cols: Storage,
  colsShape: readonly number[],
  shape: readonly number[],
  width: number,
  out: Int32Array,
): void {
  forEachBroadcast(
    shape,
    broadcastStrides(rowsShape, shape),
    broadcastStrides(colsShape, shape),
    (o, ir, ic) => {
      out[o] = rows[ir]! * width + cols[ic]!;
    },
  );
}

/** Copies `a` into `out` of another dtype; floats become integers by truncation, as in PyTorch. */
export function convert(a: Storage, out: Storage): void {
  if (out instanceof Int32Array) for (let i = 0; i < a.length; i++) out[i] = Math.trunc(a[i]!);
  else out.set(a);
}

/** Softmax over the last dimension (rows of `width`), stable: the row's max is subtracted first. */
export function softmaxRows(a: Storage, width: number, out: Storage): void {
  for (let start = 0; start < a.length; start += width) softmaxRow(a, start, width, out);
}

/**
 * Softmax of the row of `width` elements at `start`, into the same place in `out`. Returns the
 * row's log-sum-exp, log Σ exp(a), computed stably as max + log Σ exp(a - max).
 */
function softmaxRow(a: Storage, start: number, width: number, out: Storage): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < width; j++) max = Math.max(max, a[start + j]!);
  let total = 0;
  for (let j = 0; j < width; j++) {
    const e = Math.exp(a[start + j]! - max);
    out[start + j] = e;
    total += e;
  }
  for (let j = 0; j < width; j++) out[start + j] = out[start + j]! / total;
  return Math.log(total) + max;
}

/** The gradient of softmax: dx = y · (g - Σ g·y), row by row. */
export function softmaxRowsBackward(y: Storage, g: Storage, width: number, out: Storage): void {
  for (let start = 0; start < y.length; start += width) {
    let dot = 0;
    for (let j = 0; j < width; j++) dot += g[start + j]! * y[start + j]!;
    for (let j = 0; j < width; j++)
      out[start + j] = out[start + j]! + y[start + j]! * (g[start + j]! - dot);
  }
}

/**
 * Cross-entropy of rows of logits against target classes, averaged: the fused, stable form.
 * Leaves the softmax probabilities in `probs` for the backward pass and returns the mean loss.
 */
export function crossEntropyForward(
  logits: Storage,
  targets: Int32Array,
  width: number,
  probs: Float32Array | Float64Array,
): number {
  const fastLoss = fast.crossEntropyForward(logits, targets, width, probs);
  if (fastLoss !== null) return fastLoss;
  const rows = targets.length;
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    loss += softmaxRow(logits, start, width, probs) - logits[start + targets[r]!]!;
  }
  return loss / rows;
}

/** out = d loss / d logits = (softmax - one-hot(target)) / rows, times the loss's gradient (out's old contents are ignored). */
export function crossEntropyBackward(
  probs: Float32Array | Float64Array,
  targets: Int32Array,
  width: number,
  scaleBy: number,
  out: Storage,
): void {
  const rows = targets.length;
  const factor = scaleBy / rows;
  if (fast.crossEntropyBackward(probs, targets, width, factor, out)) return;
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    for (let j = 0; j < width; j++) {
      out[start + j] = (probs[start + j]! - (j === targets[r] ? 1 : 0)) * factor;
    }
  }
}

/** Elementwise gradients of the unary ops: out = g · f'(x), written from the output y where it is cheaper (out's old contents are ignored). */
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
      if (fast.tanhBackward(y, g, out)) return;
      for (let i = 0; i < g.length; i++) out[i] = g[i]! * (1 - y[i]! * y[i]!);
      return;
    case "relu":
      for (let i = 0; i < g.length; i++) out[i] = y[i]! > 0 ? g[i]! : 0;
      return;
  }
}

/** Which implementation runs the hot kernels: the plain loops in this file, or WebAssembly. */
export function kernelBackend(): "ts" | "wasm" {
  return fast.backend();
}

/**
 * The machine's arithmetic peak for one core, measured for about `seconds`: with the
 * WebAssembly kernels, a loop of eight independent four-lane multiply-add sums fed by loads
 * (the inner loop of a matrix product, with nothing to wait for); without them, eight scalar
 * multiply-add chains.
 */
export function measurePeakGflops(seconds = 0.5): { gflops: number; method: string } {
  const simd = fast.peakLoop();
  if (simd)
    return {
      gflops: bestGflops(simd, 64, 5e6, seconds),
      method: "WebAssembly SIMD, 8 independent four-lane sums of products",
    };
  const chains = (iterations: number): number => {
    let a0 = 0.1,
      a1 = 0.2,
      a2 = 0.3,
      a3 = 0.4,
      a4 = 0.5,
      a5 = 0.6,
      a6 = 0.7,
      a7 = 0.8;
    const m = 0.999999;
    const c = 1e-7;
    for (let i = 0; i < iterations; i++) {
      a0 = a0 * m + c;
      a1 = a1 * m + c;
      a2 = a2 * m + c;
      a3 = a3 * m + c;
      a4 = a4 * m + c;
      a5 = a5 * m + c;
      a6 = a6 * m + c;
      a7 = a7 * m + c;
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
  };
  return {
    gflops: bestGflops(chains, 16, 2e7, seconds),
    method: "JavaScript, 8 scalar multiply-add chains",
  };
}

/** The best rate of `run(iterations)`, timed again and again for about `seconds`, after a warm-up. */
function bestGflops(
  run: (iterations: number) => unknown,
  flopsPerIteration: number,
  iterations: number,
  seconds: number,
): number {
  run(iterations / 20); // warm-up
  let best = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const start = performance.now();
    run(iterations);
    const elapsed = (performance.now() - start) / 1000;
    best = Math.max(best, (flopsPerIteration * iterations) / elapsed / 1e9);
  }
  return best;
}
