/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "plain-arrays": {
    description:
      "Every tensor read out with tolist() and the means, stds and fractions computed in plain loops, in float64.",
  },
  "sums-and-variance": {
    description:
      "The mean as sum / numel, the std as √var, the saturated fraction as a count over numel, and the log taken with Math.log10.",
  },
} satisfies AlternativeCatalogue;
