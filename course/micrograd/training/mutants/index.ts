/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "mean-instead-of-sum": {
    description: "The loss averaged over the examples instead of summed as in the lecture.",
    check: "loss",
    message: "the mean of the squared errors",
  },
  "missing-zero-grad": {
    description: "The training loop never zeroes the gradients.",
    check: "zero-grad",
    message: "zero every p.grad",
  },
  "update-uphill": {
    description: "The update goes with the gradient instead of against it.",
    check: "trajectory",
    message: "against the gradient",
  },
  "mutated-args": {
    description: "squaredError takes the examples off the caller's lists with shift().",
    check: "loss",
    message: "changed `xs` in place",
  },
} satisfies MutantCatalogue;
