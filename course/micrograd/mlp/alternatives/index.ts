/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "bias-last-reduce": {
    description:
      "Neuron.call as a reduce over w·x with the bias added last, and the bias drawn before the weights.",
  },
} satisfies AlternativeCatalogue;
