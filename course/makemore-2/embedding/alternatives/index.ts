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
} satisfies AlternativeCatalogue;
