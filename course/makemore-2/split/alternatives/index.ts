/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "integer-cuts-and-splice": {
    description:
      "The cut points in integer arithmetic, ⌊8n/10⌋ and ⌊9n/10⌋ (equal to int(0.8·n) and int(0.9·n) for every n, since 0.8 and 0.9 round up in binary); the parts cut off the shuffled copy's end with splice.",
  },
  "shuffled-positions": {
    description:
      "The positions 0 … n−1 shuffled instead of the words (Python's shuffle draws the same swaps for any list of the same length), then each part read through them with filter.",
  },
} satisfies AlternativeCatalogue;
