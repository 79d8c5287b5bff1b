/**
 * Layer norm over rows, forward and backward (lecture 7's nn.LayerNorm): each row's mean and
 * biased variance summed in float64, as one fused step rather than the seven ops it is made of.
 */
import type { Storage } from "../storage.ts";

export function layerNormRows(
  x: Storage,
  weight: Storage,
  bias: Storage,
  width: number,
  eps: number,
  out: Storage,
  mean: Storage,
  rstd: Storage,
): void {
  const rows = x.length / width;
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    let sum = 0;
    for (let j = 0; j < width; j++) sum += x[start + j]!;
    const m = sum / width;
    let squares = 0;
    for (let j = 0; j < width; j++) {
      const d = x[start + j]! - m;
      squares += d * d;
    }
    const s = 1 / Math.sqrt(squares / width + eps);
    mean[r] = m;
    rstd[r] = s;
    for (let j = 0; j < width; j++)
      out[start + j] = (x[start + j]! - m) * s * weight[j]! + bias[j]!;
  }
}

/**
 * With x̂ = (x - mean)·rstd and dx̂ = g·weight: dx = rstd · (dx̂ - mean(dx̂) - x̂ · mean(dx̂·x̂)),
 * dweight = Σ g·x̂, dbias = Σ g.
 */
export function layerNormRowsBackward(
  x: Storage,
  weight: Storage,
  mean: Storage,
  rstd: Storage,
  g: Storage,
  width: number,
  dx: Storage,
  dweight: Storage,
  dbias: Storage,
): void {
  const rows = x.length / width;
  dweight.fill(0);
  dbias.fill(0);
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    const m = mean[r]!;
    const s = rstd[r]!;
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let j = 0; j < width; j++) {
      const xhat = (x[start + j]! - m) * s;
      const gj = g[start + j]!;
      const dy = gj * weight[j]!;
      sumDy += dy;
      sumDyXhat += dy * xhat;
      dweight[j]! += gj * xhat;
      dbias[j]! += gj;
    }
    const meanDy = sumDy / width;
    const meanDyXhat = sumDyXhat / width;
    for (let j = 0; j < width; j++) {
      const xhat = (x[start + j]! - m) * s;
      dx[start + j] = s * (g[start + j]! * weight[j]! - meanDy - xhat * meanDyXhat);
    }
  }
}
