/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "plain-array-then-tensor": {
    description:
      "The counts kept in a plain array of arrays, made into an int32 tensor at the end.",
  },
  "tally-of-pair-strings": {
    description:
      "The pairs tallied in a Map keyed by their two characters, then written into the table.",
  },
  "one-hot-outer-product": {
    description:
      "No loop over the table: N = one_hot(xs)ᵀ @ one_hot(ys), the one-hot rows as floats (exact for counts below 2^24), turned back into int32.",
  },
  "flat-index-add": {
    description:
      "Each pair's cell as one flat index i·V + j; ones added into a flat int32 table with index_add_, then viewed as V×V.",
  },
} satisfies AlternativeCatalogue;
