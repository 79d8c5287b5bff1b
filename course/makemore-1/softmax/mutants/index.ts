/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "one-hot-integers": {
    description: "The one-hot rows are left as integers.",
    check: "one-hot",
    message: "convert with .float()",
  },
  "softmax-overflow": {
    description: "Softmax without subtracting the row's max.",
    check: "stable",
    message: "Subtract each row's max first",
  },
  "normalised-without-keepdim": {
    description: "softmaxRows divides by the row sums taken without keepdim.",
    check: "softmax",
    message: "a row's sum (or max) taken without keepdim",
  },
  "mutated-args": {
    description: "softmaxRows subtracts the row max from the caller's logits in place.",
    check: "softmax",
    message: "changed `logits` in place",
  },
} satisfies MutantCatalogue;
