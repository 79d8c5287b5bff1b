/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "mean-gradient-not-divided-by-n": {
    description: "dlogits is softmax minus the one-hot, not divided by n.",
    check: "dlogits",
    message: "divided by n",
  },
  "one-hot-not-subtracted": {
    description: "dlogits is the softmax over n, without the -1 at each right answer.",
    check: "dlogits",
    message: "minus 1 at its right answer",
  },
  "softmax-overflow": {
    description: "The softmax exponentiates the logits without subtracting each row's max.",
    check: "large-logits",
    message: "Subtract each row's max",
  },
  "mutated-args": {
    description: "dlogits takes each row's max out of the caller's logits in place (sub_).",
    check: "dlogits",
    message: "changed `f.logits` in place",
  },
} satisfies MutantCatalogue;
