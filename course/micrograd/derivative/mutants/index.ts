/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "forward-difference": {
    description: "The one-sided difference (f(x + h) - f(x)) / h instead of the central one.",
    check: "central",
    message: "one-sided difference",
  },
  "mutated-args": {
    description: "partialDerivative nudges the caller's array in place instead of copies.",
    check: "partials",
    message: "changed the array it was given",
  },
  "step-h-ignored": {
    description: "derivative ignores the h it is given and always nudges by its own 1e-5.",
    check: "any-h",
    message: "use the h you are given",
    named: false,
  },
} satisfies MutantCatalogue;
