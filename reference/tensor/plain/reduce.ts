/**
 * Reductions over one dimension, plainly: the tensor is seen as [outer, size, inner] and
 * reduced over the middle. Sums accumulate in float64 before rounding to the output's type.
 */
import type { Storage } from "../storage.ts";

export function sumDim(a: Storage, outer: number, size: number, inner: number, out: Storage): void {
  if (inner > 1) {
    // Row by row, so the reads run along memory; each column still adds its rows in order.
    const totals = new Float64Array(inner);
    for (let o = 0; o < outer; o++) {
      totals.fill(0);
      for (let s = 0; s < size; s++) {
        const row = (o * size + s) * inner;
        for (let i = 0; i < inner; i++) totals[i]! += a[row + i]!;
      }
      for (let i = 0; i < inner; i++) out[o * inner + i] = totals[i]!;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let total = 0;
      for (let s = 0; s < size; s++) total += a[(o * size + s) * inner + i]!;
      out[o * inner + i] = total;
    }
  }
}

export function expandDim(
  g: Storage,
  outer: number,
  size: number,
  inner: number,
  out: Storage,
  divisor = 1,
): void {
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < size; s++) {
      for (let i = 0; i < inner; i++) out[(o * size + s) * inner + i] = g[o * inner + i]! / divisor;
    }
  }
}

/** Float64 room for the variance's running sums, kept between calls (a fresh array costs more than the sums). */
let sums = new Float64Array(0);

export function varianceDim(
  a: Storage,
  outer: number,
  size: number,
  inner: number,
  divisor: number,
  root: boolean,
  out: Storage,
): void {
  if (sums.length < 2 * inner) sums = new Float64Array(2 * inner);
  const mean = sums.subarray(0, inner);
  const squares = sums.subarray(inner, 2 * inner);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    // Row by row, so the reads run along memory: first the means, then the squared deviations.
    mean.fill(0);
    squares.fill(0);
    for (let s = 0; s < size; s++)
      for (let i = 0; i < inner; i++) mean[i]! += a[base + s * inner + i]!;
    for (let i = 0; i < inner; i++) mean[i]! /= size;
    for (let s = 0; s < size; s++) {
      for (let i = 0; i < inner; i++) {
        const d = a[base + s * inner + i]! - mean[i]!;
        squares[i]! += d * d;
      }
    }
    for (let i = 0; i < inner; i++) {
      const variance = squares[i]! / divisor;
      out[o * inner + i] = root ? Math.sqrt(variance) : variance;
    }
  }
}

export function varianceDimBackward(
  a: Storage,
  means: Storage,
  g: Storage,
  outer: number,
  size: number,
  inner: number,
  divisor: number,
  out: Storage,
): void {
  // PyTorch's var_backward: ((2 / divisor) · g) · (x - mean), each product rounded to the dtype.
  const f = out instanceof Float32Array ? Math.fround : (v: number) => v;
  const scale = f(2 / divisor);
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < size; s++) {
      const row = (o * size + s) * inner;
      for (let i = 0; i < inner; i++)
        out[row + i] = f(scale * g[o * inner + i]!) * f(a[row + i]! - means[o * inner + i]!);
    }
  }
}

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

/** Every NaN counts as the maximum when the maximum is NaN, as PyTorch's full max() has it. Writes all of out. */
export function evenlyToMaxima(a: Storage, max: number, g: number, out: Storage): void {
  const nan = Number.isNaN(max);
  let ties = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === max || (nan && Number.isNaN(a[i]))) ties++;
  const share = g / ties;
  for (let i = 0; i < a.length; i++)
    out[i] = a[i] === max || (nan && Number.isNaN(a[i])) ? share : 0;
}
