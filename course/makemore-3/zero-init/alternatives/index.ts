/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "sgd-and-masks": {
    description:
      "The kit's optim.SGD for the steps, tensor masks (ne, sum) to tell non-zero from zero, and the gradient rules written as one function of the current zeros.",
  },
  "state-by-state": {
    description:
      "predictMoved as a walk over states: each step makes a new set of non-zero parameters from the old one; the starting values kept as plain arrays.",
  },
  "recursive-prediction": {
    description:
      "zeroMlp from a table of shapes; non-zero and moved told by the largest absolute entry (of the gradient, of the change since clone()s taken under noGrad); the update p -= lr·grad under noGrad; predictMoved as a recursion over the steps.",
  },
  "clauses-table": {
    description:
      "The gradient rules as data (each parameter's clauses of parameters that must all be non-zero); the loss written out with crossEntropy; values read with tolist() for the comparisons.",
  },
} satisfies AlternativeCatalogue;
