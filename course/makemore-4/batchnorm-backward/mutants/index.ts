/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "variance-divided-by-n": {
    description: "The variance term without its n/(n-1) factor, as if the variance divided by n.",
    check: "dhprebn",
    message: "n/(n-1)",
  },
  "batchnorm-mean-term-missing": {
    description: "The column sums of dhpreact (the mean's path) left out.",
    check: "dhprebn",
    message: "through the mean",
  },
  "bngain-forgotten": {
    description: "The expression without bngain, as if the gain were 1.",
    check: "dhprebn",
    message: "bngain",
  },
  "mutated-args": {
    description: "The variance's term scales the forward pass's bnraw in place (mul_).",
    check: "dhprebn",
    message: "changed `f` in place",
  },
} satisfies MutantCatalogue;
