/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "shift-then-scale": {
    description:
      "The bias written as beta - runningMean * scale, plus the Linear's bias scaled; the scale with pow(-0.5).",
  },
  "through-the-transpose": {
    description: "The weight's columns scaled as the rows of its transpose.",
  },
  "diagonal-product": {
    description:
      "The fold as a product with diag(scale), built from a one-hot identity: weight W @ diag(s), bias (b - mean) @ diag(s) + beta, a missing Linear bias as zeros.",
  },
  "plain-numbers": {
    description:
      "Every tensor read out with tolist() and the fold computed feature by feature in plain (float64) numbers, then made into new tensors of the weight's dtype.",
  },
} satisfies AlternativeCatalogue;
