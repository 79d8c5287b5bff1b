/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "tensor-indexing": {
    description:
      "The probabilities of every pair picked at once with P.index(xs, ys), then log, mean and minus, as the lecture's tensors do.",
  },
  "pairs-then-reduce": {
    description:
      "Every word's pairs listed with flatMap, their log-probabilities summed with reduce.",
  },
} satisfies AlternativeCatalogue;
