/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "no-regularization": {
    description: "The regularisation term is left out of the loss.",
    check: "loss",
    message: "regularisation term",
  },
  "mutated-args": {
    description: "trainBigram counts the caller's options.steps down to 0 as its loop counter.",
    check: "training",
    message: "changed `options` in place",
  },
  "update-uphill": {
    description: "trainBigram steps with the gradient instead of against it.",
    check: "training",
    message: "steps with the gradient",
  },
} satisfies MutantCatalogue;
