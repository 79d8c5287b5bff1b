/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "decay-never-applied": {
    description: "The learning rate stays at 0.1.",
    check: "trajectory",
    message: "never lowers the learning rate",
  },
  "full-batch-every-step": {
    description: "The loss is computed on the whole training set every step.",
    check: "trajectory",
    message: "minibatch of 32",
  },
  "last-step-not-applied": {
    description:
      "The update is skipped on the last step, so the losses are right but the trained parameters are not.",
    check: "trajectory",
    message: "the parameters do not",
    // The check's message diagnoses this mistake but does not name it yet.
    named: false,
  },
  "missing-zero-grad": {
    description: "The gradients are never cleared between steps, so they accumulate.",
    check: "trajectory",
    message: "never cleared",
  },
} satisfies MutantCatalogue;
