/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "zero-after-update": {
    description:
      "The gradients zeroed at the end of each step (after the update) with zeroGrad, and the loss summed with reduce.",
  },
} satisfies AlternativeCatalogue;
