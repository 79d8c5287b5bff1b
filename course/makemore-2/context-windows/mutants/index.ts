/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "missing-end-example": {
    description: "The end of each word is never a target.",
    check: "emma",
    message: "is missing",
  },
  "missing-start-example": {
    description:
      "Each word's first example (a context of dots → its first letter) is never made: the context starts at the first letter.",
    check: "emma",
    message: "The first example",
  },
  "mutated-args": {
    description:
      "buildDataset consumes the caller's word list with shift(): afterwards it is empty.",
    check: "windows",
    message: "changed `words` in place",
  },
} satisfies MutantCatalogue;
