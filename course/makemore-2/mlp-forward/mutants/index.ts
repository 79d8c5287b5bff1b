/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "hidden-without-tanh": {
    description: "The hidden layer is left linear.",
    check: "logits",
    message: "has no tanh",
  },
  "mutated-args": {
    description:
      "forward scales the caller's W1 in place (Kaiming's factor, under noGrad) on every call.",
    check: "logits",
    message: "changed `p` in place: after `forward(p, X)`, p.W1",
  },
} satisfies MutantCatalogue;
