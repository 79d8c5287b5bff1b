/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "dc-by-loop": {
    description: "dC by the notebook's loop over every lookup, one element at a time, with +=.",
  },
  "one-hot-products": {
    description: "dC as oneHot(Xb)ᵀ @ demb: the embedding lookup seen as a matrix product.",
  },
  "one-hot-and-chained-batchnorm": {
    description:
      "dlogits as softmax minus oneHot(Yb), and BatchNorm's backward step by step through bndiff and bnvar rather than in one expression.",
  },
} satisfies AlternativeCatalogue;
