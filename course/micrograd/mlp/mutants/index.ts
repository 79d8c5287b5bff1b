/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "bias-missing-from-parameters": {
    description: "parameters() of a neuron forgets the bias.",
    check: "parameters",
    message: "the biases are missing",
  },
  "random-not-passed-on": {
    description:
      "Layer builds its neurons without the random it was given (they draw from Math.random).",
    check: "layer",
    message: "pass the random you are given on to every neuron",
    named: false,
  },
  "mutated-args": {
    description:
      "Neuron.call folds the bias in as a weight on a constant input of 1, pushed onto the caller's x.",
    check: "neuron",
    message: "changed `x` in place",
  },
} satisfies MutantCatalogue;
