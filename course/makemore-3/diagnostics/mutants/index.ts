/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "saturation-of-preactivation": {
    description: "The saturated fraction is measured on the layer before the Tanh.",
    check: "activations",
    message: "pre-activation",
  },
  "saturation-as-percent": {
    description: "The saturated fraction is multiplied by 100.",
    check: "activations",
    message: "a percentage",
  },
  "std-over-wrong-dim": {
    description: "The activations' std is taken per column and averaged.",
    check: "activations",
    message: "std of each column",
  },
  "grad-data-ratio-inverted": {
    description: "gradToData is std(data) / std(grad).",
    check: "weights",
    message: "upside down",
  },
  "update-ratio-without-learning-rate": {
    description: "The update ratio uses the gradient without the learning rate.",
    check: "update-ratio",
    message: "multiply by the learning rate",
  },
  "update-ratio-without-log": {
    description: "The update ratio is not put through log10.",
    check: "update-ratio",
    message: "its log10",
  },
  "weights-include-vectors": {
    description:
      "weightStatistics reports BatchNorm's gains and biases too, not only the matrices.",
    check: "weights",
    message: "two dimensions",
    named: false,
  },
  "threshold-default-wrong": {
    description: "activationStatistics' threshold defaults to 0.9, not the lecture's 0.97.",
    check: "activations",
    message: "the default threshold is not the lecture's",
  },
} satisfies MutantCatalogue;
