/**
 * Matrix products and the transpose, plainly. Sums accumulate in float64; four rows at a time,
 * so the inner loop does more work per pass.
 */
import type { Storage } from "../storage.ts";

/** Each output row is a sum of rows of b weighted by a row of a. */
export function matmul(
  a: Storage,
  b: Storage,
  out: Storage,
  m: number,
  k: number,
  n: number,
): void {
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

/** g·bᵀ: dot products of rows. */
export function matmulTransposeB(
  g: Storage,
  b: Storage,
  out: Storage,
  m: number,
  n: number,
  k: number,
  accumulate = true,
): void {
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

/** aᵀ·g: row p of out sums rows of g. */
export function matmulTransposeA(
  a: Storage,
  g: Storage,
  out: Storage,
  m: number,
  k: number,
  n: number,
  accumulate = true,
): void {
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

export function transpose(a: Storage, out: Storage, m: number, n: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j]!;
}
