/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "means-and-keepdim": {
    description: "The same expression with means over the batch and keepdim sums.",
  },
  "through-the-steps": {
    description: "Exercise 28's BatchNorm steps (dbnraw to dbnmeani) chained inside one function.",
  },
  "through-bndiff": {
    description:
      "The expression written with bndiff and bnvar_inv (σ⁻¹ and σ⁻³) instead of bnraw, the mean's path as dhpreact minus its column mean, and the variance's as a sum over n - 1.",
  },
  "column-by-column": {
    description:
      "The one-line formula evaluated feature by feature in plain (float64) numbers from tolist(), the two column sums accumulated in one loop, then one tensor.",
  },
} satisfies AlternativeCatalogue;
