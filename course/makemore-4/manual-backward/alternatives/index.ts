/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "dc-index-add": {
    description: "dC with indexAdd_ (PyTorch's index_add_) instead of loops.",
  },
  "dc-one-hot": {
    description: "dC as a one-hot matrix of Xb, transposed, times demb.",
  },
  "other-spellings": {
    description:
      "dlogprobs from a one-hot, dprobs as a division, the max's place by comparison, 1 - h·h, dbndiff2 by broadcasting a division, transpose(0, 1) for .T: each a different order of float32 operations.",
  },
  "sums-as-products": {
    description:
      "Every sum over a dimension as a product with a ones vector and every broadcast as an outer product with one; transposed products taken the other way round; dlogprobs from plain rows; dlogits by get/set at each row's max; dC row by row as a mask of Xb times demb.",
  },
  "recomputed-from-inputs": {
    description:
      "Each local derivative recomputed from its forward line's input (exp(norm_logits), tanh(hpreact), (bnvar + ε)^-½, C[Xb] for embcat); the max's place by where over a column index; dC gathered in a plain Float32Array.",
  },
} satisfies AlternativeCatalogue;
