/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "bigram-missing-end": {
    description: "The end token is left out: each word gives one pair too few.",
    check: "bigrams",
    message: "the end token is missing",
  },
  "mutated-args": {
    description: "vocabulary sorts the caller's word list in place.",
    check: "vocabulary",
    message: "changed `words` in place",
  },
} satisfies MutantCatalogue;
