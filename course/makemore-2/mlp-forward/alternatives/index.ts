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
} satisfies AlternativeCatalogue;
