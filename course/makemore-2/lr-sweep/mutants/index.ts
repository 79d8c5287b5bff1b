/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "exponent-as-learning-rate": {
    description: "The learning rate is the exponent itself, not 10 to its power.",
    check: "sweep",
    message: "the exponent itself",
  },
  "mutated-args": {
    description: "bestExponent sorts the caller's losses in place to find the smallest.",
    check: "best",
    message: "changed `losses` in place",
  },
} satisfies MutantCatalogue;
