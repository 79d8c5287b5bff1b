/**
 * The lecture's exercise 3: BatchNorm's backward in one expression.
 * Read README.md in this folder first.
 */
import type { NinjaForward } from "#reference/makemore/ninja.ts";
import type { Tensor } from "#reference/tensor/index.ts";

/**
 * The same gradient written with the centred inputs bndiff instead of bnraw = bndiff · σ⁻¹:
 * gain·σ⁻¹·(dhpreact - mean(dhpreact)) - gain·σ⁻³·bndiff·Σ(dhpreact·bndiff)/(n - 1), per column.
 */
export function dhprebn(f: NinjaForward, dhpreact: Tensor): Tensor {
  const n = f.n;
  const inv = f.bnvar_inv;
  const centred = dhpreact.sub(dhpreact.sum(0, true).div(n));
  const throughVariance = f.bndiff
    .mul(dhpreact.mul(f.bndiff).sum(0, true))
    .mul(inv.pow(2))
    .div(n - 1);
  return f.bngain.mul(inv).mul(centred.sub(throughVariance));
}
