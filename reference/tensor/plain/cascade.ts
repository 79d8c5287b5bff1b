/**
 * Sums in the order of PyTorch 1.13's CPU sum kernel (cascade_sum, AVX2), each addition
 * rounded to the dtype: a run is added in blocks of 16 carried up four levels; a row is split
 * four ways first (four interleaved runs, the rest added to the first); a contiguous row of at
 * least one vector (8 float32, 4 float64) is split into lanes, each a row, the tail added
 * before the lanes. Over a dim with a contiguous inner dim, each column is a run or a row
 * depending on where it falls in the vectors. Checked against PyTorch's sums to the bit
 * (cascade.test.ts); var's gradient takes its mean from here, as PyTorch's x.mean() does.
 */
import type { Storage } from "../storage.ts";

type Round = (v: number) => number;
const keep: Round = (v) => v;

/**
 * multi_row_sum for one lane: n elements from `start`, `stride` apart, added in blocks of
 * 2^bits (16 up to 2^19 elements: max(4, ceil(log2 n) / 4) bits), each block carried up to the
 * next of four levels, and on when the position is a multiple of the level's span. One loop per
 * dtype, with Math.fround written out, so this is as fast as the sums it replaces.
 */
function run(a: Storage, start: number, stride: number, n: number, f: Round): number {
  const bits = n > 1 << 16 ? Math.max(4, Math.floor(Math.ceil(Math.log2(n)) / 4)) : 4;
  return f === keep ? runFloat64(a, start, stride, n, bits) : runFloat32(a, start, stride, n, bits);
}

function runFloat32(a: Storage, start: number, stride: number, n: number, bits: number): number {
  const f = Math.fround;
  const step = 1 << bits;
  const mask = step - 1;
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  while (i + step <= n) {
    for (let j = 0; j < step; j++, i++) l0 = f(l0 + a[start + i * stride]!);
    l1 = f(l1 + l0);
    l0 = 0;
    if ((i & (mask << bits)) !== 0) continue;
    l2 = f(l2 + l1);
    l1 = 0;
    if ((i & (mask << (2 * bits))) !== 0) continue;
    l3 = f(l3 + l2);
    l2 = 0;
  }
  for (; i < n; i++) l0 = f(l0 + a[start + i * stride]!);
  return f(f(f(l0 + l1) + l2) + l3);
}

/** runFloat32 without the rounding: float64 additions are already the dtype's. */
function runFloat64(a: Storage, start: number, stride: number, n: number, bits: number): number {
  const step = 1 << bits;
  const mask = step - 1;
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  while (i + step <= n) {
    for (let j = 0; j < step; j++, i++) l0 += a[start + i * stride]!;
    l1 += l0;
    l0 = 0;
    if ((i & (mask << bits)) !== 0) continue;
    l2 += l1;
    l1 = 0;
    if ((i & (mask << (2 * bits))) !== 0) continue;
    l3 += l2;
    l2 = 0;
  }
  for (; i < n; i++) l0 += a[start + i * stride]!;
  return l0 + l1 + l2 + l3;
}

/** row_sum: four interleaved runs, the leftover elements added to the first, then the four added. */
function row(a: Storage, start: number, stride: number, n: number, f: Round): number {
  const quarter = Math.floor(n / 4);
  const parts = [0, 1, 2, 3].map((k) => run(a, start + k * stride, 4 * stride, quarter, f));
  let first = parts[0]!;
  for (let i = quarter * 4; i < n; i++) first = f(first + a[start + i * stride]!);
  return f(f(f(first + parts[1]!) + parts[2]!) + parts[3]!);
}

/** A contiguous row of n: lanes of a vector each summed as a row, the tail first, then the lanes. */
function contiguous(a: Storage, start: number, n: number, lanes: number, f: Round): number {
  if (n < lanes) return row(a, start, 1, n, f);
  const vectors = Math.floor(n / lanes);
  let total = 0;
  for (let k = vectors * lanes; k < n; k++) total = f(total + a[start + k]!);
  for (let l = 0; l < lanes; l++) total = f(total + row(a, start + l, lanes, vectors, f));
  return total;
}

/** out[o·inner + i] = the sum over the middle dim of a, seen as [outer, size, inner], in PyTorch's order. */
export function cascadeSumDim(
  a: Storage,
  outer: number,
  size: number,
  inner: number,
  out: Storage,
): void {
  const float32 = a instanceof Float32Array;
  const f = float32 ? Math.fround : keep;
  const lanes = float32 ? 8 : 4;
  // Columns in whole groups (4 vectors, or 4 columns when there are fewer than a vector) are
  // runs; the rest are rows.
  const grouped =
    inner >= lanes ? Math.floor(inner / (4 * lanes)) * 4 * lanes : inner - (inner % 4);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    if (inner === 1) {
      out[o] = contiguous(a, base, size, lanes, f);
      continue;
    }
    for (let i = 0; i < inner; i++)
      out[o * inner + i] =
        i < grouped ? run(a, base + i, inner, size, f) : row(a, base + i, inner, size, f);
  }
}
