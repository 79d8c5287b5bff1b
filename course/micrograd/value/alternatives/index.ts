/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "prev-without-duplicates": {
    description:
      "prev keeps each input once, like micrograd's set(_children): a.add(a) has prev [a].",
  },
} satisfies AlternativeCatalogue;
