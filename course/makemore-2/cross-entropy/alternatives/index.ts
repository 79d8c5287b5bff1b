/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "log-space-and-one-hot": {
    description:
      "nllByHand written as log-softmax by hand (x - log Σ exp x, without the max); the stable loss picks the targets with a one-hot mask.",
  },
} satisfies AlternativeCatalogue;
