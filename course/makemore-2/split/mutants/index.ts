/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "split-not-shuffled": {
    description: "The split is taken in file order.",
    check: "shuffled",
    message: "shuffle a copy first",
  },
  "split-overlap": {
    description: "dev starts before train ends.",
    check: "parts",
    message: "is in two parts",
  },
  "split-shuffled-in-place": {
    description: "The caller's array is shuffled in place instead of a copy.",
    check: "shuffled",
    message: "changed the array it was given",
  },
  "mutated-args": {
    description: "splitWords copies the words with splice(0), which empties the caller's array.",
    check: "shuffled",
    message: "changed `words` in place",
  },
} satisfies MutantCatalogue;
