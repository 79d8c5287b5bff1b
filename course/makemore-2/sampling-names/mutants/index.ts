/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "context-not-slid": {
    description: "The window never slides: every character is drawn from the starting context.",
    check: "names",
    message: "slide the window",
  },
  "sampler-never-stops": {
    description: 'A name never ends: the loop does not break when "." is drawn.',
    check: "names",
    message: 'never stopped at "."',
  },
  "count-ignored": {
    description: "sampleNames draws a fixed number of names, not the count it is given.",
    check: "names",
    message: "names, but it returned",
    named: false,
  },
  "mutated-args": {
    description:
      "sampleNames switches requiresGrad off on the caller's parameters instead of using noGrad.",
    check: "names",
    message: "changed `p` in place",
  },
} satisfies MutantCatalogue;
