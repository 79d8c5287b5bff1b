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
} satisfies AlternativeCatalogue;
