/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "one-hot-matmul": {
    description:
      "embed as one-hot rows times C (the lecture's first view of the lookup); flatten with the sizes multiplied out.",
  },
  "flat-index-then-cat": {
    description:
      "embed looks every index up in one flat list and shapes it back; flatten joins the positions with cat(emb.unbind(1), 1).",
  },
  "per-position-lookups": {
    description:
      "One lookup per window position, C[X[:, k]], stacked along dim 1; flatten with reshape(n, -1).",
  },
  "per-example-rows": {
    description:
      "A plain loop over examples: each window's rows of C looked up and stacked; flatten each example's [blockSize, embedding] to one row with view(-1), stacked back.",
  },
} satisfies AlternativeCatalogue;
