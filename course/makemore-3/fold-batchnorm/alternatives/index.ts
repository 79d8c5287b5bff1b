/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "shift-then-scale": {
    description:
      "The bias written as beta - runningMean * scale, plus the Linear's bias scaled; the scale with pow(-0.5).",
  },
  "through-the-transpose": {
    description: "The weight's columns scaled as the rows of its transpose.",
  },
} satisfies AlternativeCatalogue;
