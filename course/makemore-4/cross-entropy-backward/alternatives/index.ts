/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "lecture-in-place": {
    description: "The lecture's three lines: softmax, -1 at each right answer, divided in place.",
  },
  "exp-by-hand": {
    description:
      "The softmax written out (max subtracted, exp, times the sum's inverse), then * 1/n.",
  },
} satisfies AlternativeCatalogue;
