/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "fold-without-eps": {
    description: "The scale is gamma / sqrt(runningVar), without eps.",
    check: "fold",
    message: "without eps",
  },
  "fold-variance-not-std": {
    description: "The scale is gamma / (runningVar + eps), without the square root.",
    check: "fold",
    message: "divides by runningVar + eps itself",
  },
  "fold-weight-not-scaled": {
    description: "The weight is copied unscaled; only the bias is folded.",
    check: "fold",
    message: "the weight is the Linear's own",
  },
  "fold-mean-forgotten": {
    description: "The new bias is b * scale + beta, without the running mean.",
    check: "fold",
    message: "leaves out the running mean",
  },
  "fold-linear-bias-dropped": {
    description: "The new bias is -runningMean * scale + beta even when the Linear has a bias.",
    check: "fold",
    message: "drops the Linear's own bias",
  },
} satisfies MutantCatalogue;
