import type { NinjaForward } from "#reference/makemore/ninja.ts";
import type { Tensor } from "#reference/tensor/index.ts";

/** The same line with means: gain * inv * (dy - mean(dy) - raw * sum(dy * raw) / (n - 1)). */
export function dhprebn(f: NinjaForward, dhpreact: Tensor): Tensor {
  const dbnraw = f.bngain.mul(dhpreact);
  const centred = dbnraw.sub(dbnraw.mean(0, true));
  const projection = f.bnraw.mul(dbnraw.mul(f.bnraw).sum(0, true)).div(f.n - 1);
  return f.bnvar_inv.mul(centred.sub(projection));
}
