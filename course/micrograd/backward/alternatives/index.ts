/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "iterative-backward": {
    description:
      "backward with an explicit stack instead of recursion, and a different (still topological) order.",
  },
  "kahn-order": {
    description:
      "backward in another valid order: Kahn's algorithm, breadth first, counting each node's users.",
  },
} satisfies AlternativeCatalogue;
