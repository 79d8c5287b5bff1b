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
  "layer-closures": {
    description:
      "One backward function per kind of layer (cross-entropy via exp of logSoftmax and a comparison mask, linear, tanh, BatchNorm through the centred inputs, embedding by indexAdd_), chained; the update as p.data -= lr·grad by a helper per name.",
  },
  "products-and-entries": {
    description:
      "Batch sums as a ones row times the matrix, transposed products taken the other way round, BatchNorm's dhprebn reusing dbngain and dbnbias, dC row by row as a mask of Xb times the lookups' gradients; the update walks Object.entries(grads).",
  },
} satisfies AlternativeCatalogue;
