/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "scope-and-sub": {
    description: "Each step wrapped in scope(), and the update written as p.data -= lr * p.grad.",
  },
} satisfies AlternativeCatalogue;
