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
  "arrow-properties-pairwise-sum": {
    description:
      "call and parameters are closures made in each constructor instead of methods, and w·x + b is added as a balanced tree (pairwise), another valid order of accumulation.",
  },
  "layers-by-reduce-backward-dot": {
    description:
      "Plain for loops that push (weights, neurons), w·x accumulated from the last input back to the first onto the bias, and the layers chained with reduce.",
  },
} satisfies AlternativeCatalogue;
