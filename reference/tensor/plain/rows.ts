/**
 * Loops over rows, plainly: the embedding lookup C[X] and its gradient, P[rows, cols],
 * softmax and the fused cross-entropy.
 */
import { broadcastStrides } from "../shape.ts";
import type { Storage } from "../storage.ts";
import { forEachBroadcast } from "./elementwise.ts";

export function gatherRows(table: Storage, indices: Int32Array, width: number, out: Storage): void {
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * width;
    for (let j = 0; j < width; j++) out[i * width + j] = table[from + j]!;
  }
}

export function scatterAddRows(g: Storage, indices: Int32Array, width: number, out: Storage): void {
  for (let i = 0; i < indices.length; i++) {
    const to = indices[i]! * width;
    for (let j = 0; j < width; j++) out[to + j] = out[to + j]! + g[i * width + j]!;
  }
}

/** As PyTorch broadcasts a pair of index tensors against each other. */
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

/** dx = y · (g - Σ g·y), row by row. */
export function softmaxRowsBackward(y: Storage, g: Storage, width: number, out: Storage): void {
  for (let start = 0; start < y.length; start += width) {
    let dot = 0;
    for (let j = 0; j < width; j++) dot += g[start + j]! * y[start + j]!;
    for (let j = 0; j < width; j++)
      out[start + j] = out[start + j]! + y[start + j]! * (g[start + j]! - dot);
  }
}

/** The fused, stable form: each row's log-sum-exp minus its target's logit, averaged. */
export function crossEntropyForward(
  logits: Storage,
  targets: Int32Array,
  width: number,
  probs: Float32Array | Float64Array,
): number {
  const rows = targets.length;
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    loss += softmaxRow(logits, start, width, probs) - logits[start + targets[r]!]!;
  }
  return loss / rows;
}

/** Out's old contents are ignored. */
export function crossEntropyBackward(
  probs: Float32Array | Float64Array,
  targets: Int32Array,
  width: number,
  scaleBy: number,
  out: Storage,
): void {
  const rows = targets.length;
  const factor = scaleBy / rows;
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    for (let j = 0; j < width; j++) {
      out[start + j] = (probs[start + j]! - (j === targets[r] ? 1 : 0)) * factor;
    }
  }
}
