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
} satisfies AlternativeCatalogue;
