/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "nll-sign": {
    description: "The log-likelihood itself, not its negative.",
    check: "nll",
    message: "minus the average log-likelihood",
  },
  "nll-sum-not-mean": {
    description: "The total instead of the average.",
    check: "nll",
    message: "divide by their number",
  },
  "log-base-10": {
    description: "averageNll takes Math.log10 of each probability instead of the natural log.",
    check: "nll",
    message: "the average in log base 10",
  },
  "mutated-args": {
    description: "averageNll adds a small number to the caller's P in place, against log(0).",
    check: "nll",
    message: "changed `P` in place",
  },
} satisfies MutantCatalogue;
