/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "zero-after-update": {
    description:
      "The gradients zeroed at the end of each step (after the update) with zeroGrad, and the loss summed with reduce.",
  },
  "python-sum-and-while": {
    description:
      "The loss as Python's sum(...) builds it, starting from a Value of 0; the parameters listed once before a while loop, and each updated with -= learningRate * grad.",
  },
  "step-closure": {
    description:
      "One step is a closure that returns its loss, called once per entry by Array.from; the loss summed over zipped pairs with reduce, and gradients zeroed with forEach.",
  },
} satisfies AlternativeCatalogue;
