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
  "step-method-by-op": {
    description:
      "No closure per node: backwardStep is one method that reads op and prev (tanh's derivative from the output's data), and the topological list is walked backwards by index.",
  },
  "height-order": {
    description:
      "backward in yet another valid order: each node's height (the longest path down to a leaf), memoised, and the nodes run tallest first.",
  },
} satisfies AlternativeCatalogue;
