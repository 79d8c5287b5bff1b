import type { NinjaForward } from "#reference/makemore/ninja.ts";
import type { Tensor } from "#reference/tensor/index.ts";

/** Exercise 28's BatchNorm steps, one after another, inside one function. */
export function dhprebn(f: NinjaForward, dhpreact: Tensor): Tensor {
  const dbnraw = f.bngain.mul(dhpreact);
  const dbnvar_inv = f.bndiff.mul(dbnraw).sum(0, true);
  const dbnvar = f.bnvar.add(1e-5).pow(-1.5).mul(-0.5).mul(dbnvar_inv);
  const dbndiff2 = dbnvar.mul(1 / (f.n - 1));
  const dbndiff = f.bnvar_inv.mul(dbnraw).add(f.bndiff.mul(2).mul(dbndiff2));
  const dbnmeani = dbndiff.neg().sum(0, true);
  return dbndiff.add(dbnmeani.mul(1 / f.n));
}
