/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "means-and-keepdim": {
    description: "The same expression with means over the batch and keepdim sums.",
  },
  "through-the-steps": {
    description: "Exercise 28's BatchNorm steps (dbnraw to dbnmeani) chained inside one function.",
  },
} satisfies AlternativeCatalogue;
