/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "embedding-flattened-wrong-order": {
    description: "The embeddings are flattened through the transposed shape, mixing windows.",
    check: "flatten",
    message: "wrong order",
  },
} satisfies MutantCatalogue;
