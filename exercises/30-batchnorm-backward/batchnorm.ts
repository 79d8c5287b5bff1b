/**
 * The lecture's exercise 3: BatchNorm's backward in one expression.
 * Read README.md in this folder first.
 */
// ninjaCase is for trying dhprebn out (README.md).
import { compareGradients, type NinjaForward, ninjaCase } from "#reference/makemore/ninja.ts";
import type { Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/**
 * The gradient of hprebn, BatchNorm's input, from dhpreact, its output's: every input of a
 * column reaches every output of that column through the mean and the variance (which divides
 * by n - 1), and the three paths collapse to one line per column.
 */
export function dhprebn(f: NinjaForward, dhpreact: Tensor): Tensor {
  return todo("dhprebn: bngain * bnvar_inv / n * (n * dhpreact - its column sums - ...)");
}
