/**
 * The lecture's exercise 3: BatchNorm's backward in one expression.
 * Read README.md in this folder first.
 */
import type { NinjaForward } from "#reference/makemore/ninja.ts";
import type { Tensor } from "#reference/tensor/index.ts";

/**
 * The gradient of hprebn, BatchNorm's input, from dhpreact, its output's: every input of a
 * column reaches every output of that column through the mean and the variance (which divides
 * by n - 1), and the three paths collapse to one line per column.
 */
export function dhprebn(f: NinjaForward, dhpreact: Tensor): Tensor {
  const n = f.n;
  const projection = dhpreact.mul(f.bnraw).sum(0);
  return f.bngain
    .mul(f.bnvar_inv)
    .div(n)
    .mul(
      dhpreact
        .mul(n)
        .sub(dhpreact.sum(0))
        .sub(f.bnraw.mul_(n / (n - 1)).mul(projection)), // in place: the caller's bnraw
    );
}
