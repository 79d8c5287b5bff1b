/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "bigram-missing-start": {
    description: "The start token is left out when counting.",
    check: "counts",
    message: "start token is missing",
  },
  "mutated-args": {
    description:
      "countBigrams writes each word, padded with its tokens, back into the caller's list.",
    check: "counts",
    message: "changed `words` in place",
  },
} satisfies MutantCatalogue;
