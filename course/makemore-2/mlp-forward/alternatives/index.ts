/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "concatenated-embeddings": {
    description:
      "The window's embeddings joined with cat(emb.unbind(1), 1), the lecture's first way, instead of view.",
  },
  "loops-over-examples": {
    description:
      "Each example's logits computed alone by a closure over the parameters, then stacked.",
  },
  "one-hot-embedding": {
    description:
      "The embedding as a product: every context character one-hot, times C, then laid flat with reshape.",
  },
  "hidden-layer-by-position": {
    description:
      "The hidden layer's pre-activation summed position by position: each position's embedding times its block of W1's rows, added to b1.",
  },
} satisfies AlternativeCatalogue;
