/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "no-smoothing": {
    description: "The smoothing is ignored.",
    check: "smoothing",
    message: "without smoothing",
  },
  "normalised-without-keepdim": {
    description: "Rows normalised without keepdim: broadcasting divides the columns.",
    check: "rows",
    message: "Keep the dimension",
  },
  "re-seeded-in-loop": {
    description: "The generator is seeded again for every name.",
    check: "sampling",
    message: "seeded again for every name",
  },
  "unseeded-generator": {
    description: "multinomial draws from the default generator, not the seeded one.",
    check: "sampling",
    message: "different names",
  },
  "count-ignored": {
    description: "sampleNames draws a fixed number of names, not the count it is given.",
    check: "sampling",
    message: "names, but it returned",
    named: false,
  },
  "mutated-args": {
    description: "probabilities smooths the caller's counts in place with N.add_(smoothing).",
    check: "rows",
    message: "changed `N` in place",
  },
  "argmax-not-sampled": {
    description:
      "sampleNames picks the most likely next character with argmax instead of drawing it.",
    check: "sampling",
    message: "picked with argmax, not drawn",
  },
} satisfies MutantCatalogue;
