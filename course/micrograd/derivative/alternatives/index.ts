/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "mean-of-one-sided-slopes": {
    description:
      "The central difference as the mean of the forward and the backward slopes; the partial derivative as derivative of a closure that puts its argument at args[index].",
  },
  "partial-first-map-copies": {
    description:
      "partialDerivative is the primitive (nudged copies made with map), and derivative is partialDerivative of a one-argument function; both written as arrow constants.",
  },
} satisfies AlternativeCatalogue;
