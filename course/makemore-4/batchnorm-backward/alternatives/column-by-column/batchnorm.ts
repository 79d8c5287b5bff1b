/**
 * The lecture's exercise 3: BatchNorm's backward in one expression.
 * Read README.md in this folder first.
 */
import type { NinjaForward } from "#reference/makemore/ninja.ts";
import { type Tensor, tensor } from "#reference/tensor/index.ts";

/**
 * The one-line formula, column by column in plain numbers: for feature j,
 * dhprebn[i][j] = gain_j·σ⁻¹_j/n · (n·d[i][j] - Σ_k d[k][j] - n/(n-1)·raw[i][j]·Σ_k d[k][j]·raw[k][j]).
 */
export function dhprebn(f: NinjaForward, dhpreact: Tensor): Tensor {
  const n = f.n;
  const d = dhpreact.tolist() as number[][];
  const raw = f.bnraw.tolist() as number[][];
  const [gain] = f.bngain.tolist() as number[][];
  const [inv] = f.bnvar_inv.tolist() as number[][];
  const width = d[0]!.length;
  const sumD = new Array<number>(width).fill(0);
  const sumDRaw = new Array<number>(width).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < width; j++) {
      sumD[j]! += d[i]![j]!;
      sumDRaw[j]! += d[i]![j]! * raw[i]![j]!;
    }
  const rows = d.map((row, i) =>
    row.map(
      (dij, j) =>
        ((gain![j]! * inv![j]!) / n) *
        (n * dij - sumD[j]! - (n / (n - 1)) * raw[i]![j]! * sumDRaw[j]!),
    ),
  );
  return tensor(rows, { dtype: dhpreact.dtype });
}
