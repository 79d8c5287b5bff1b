/**
 * Sums in the order of PyTorch's vectorised CPU reductions (vec::reduce_all on AVX2), each
 * addition rounded to the tensor's dtype: lanes of 8 float32 (4 float64) numbers added
 * across the row, a short tail into the first lanes, then the lanes folded into one (float32:
 * halves, quarters, pairs; float64: left to right). A row shorter than the lanes is added left
 * to right. log_softmax follows it, so its sums are PyTorch's to the bit.
 */
import type { Storage } from "../storage.ts";

const keep = (v: number) => v;

/** The rounding of an element of `out`: to float32 for a Float32Array, none for float64. */
export function roundingOf(out: Storage): (v: number) => number {
  return out instanceof Float32Array ? Math.fround : keep;
}

const acc = new Float64Array(8);

/** The sum of a[start], ..., a[start + n - 1] in PyTorch's lane order, for a float32 (`float32`) or float64 row. */
export function laneSum(a: Storage, start: number, n: number, float32: boolean): number {
  const f = float32 ? Math.fround : keep;
  const lanes = float32 ? 8 : 4;
  if (n < lanes) {
    let total = n > 0 ? a[start]! : 0;
    for (let i = 1; i < n; i++) total = f(total + a[start + i]!);
    return total;
  }
  for (let l = 0; l < lanes; l++) acc[l] = a[start + l]!;
  let d = lanes;
  for (; d < n - (n % lanes); d += lanes)
    for (let l = 0; l < lanes; l++) acc[l] = f(acc[l]! + a[start + d + l]!);
  for (let l = 0; l < n - d; l++) acc[l] = f(acc[l]! + a[start + d + l]!);
  if (!float32) return f(f(f(acc[0]! + acc[1]!) + acc[2]!) + acc[3]!);
  // The 128-bit, 64-bit and 32-bit shuffles of the AVX2 fold.
  for (let l = 0; l < 4; l++) acc[l] = f(acc[l]! + acc[l + 4]!);
  return f(f(acc[0]! + acc[2]!) + f(acc[1]! + acc[3]!));
}
