/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "in-place-running": {
    description: "The running estimates updated in place (mul_ and add_) inside noGrad.",
  },
  "xhat-and-sqrt": {
    description:
      "One path for both modes through xhat, with the unbiased std written out as a sum of squares over n - 1.",
  },
  "detached-running-and-var": {
    description:
      "The std as the square root of var(0, true); the running estimates moved as old + 0.001·(batch - old) from detach()ed statistics instead of under noGrad; the normalisation as a product with std^-1.",
  },
  "affine-scale-and-shift": {
    description:
      "BatchNorm as one affine map per feature, x·(gain/std) + (bias - mean·gain/std), built in both modes; the mean as a sum over n; the running estimates replaced with Object.assign under noGrad.",
  },
} satisfies AlternativeCatalogue;
