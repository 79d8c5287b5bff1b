/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "stop-on-dot-character": {
    description:
      'The loop stops when the drawn character is ".", and the name is built from an array of characters.',
  },
  "recursive-names": {
    description:
      "A name drawn by recursion (one character, then the rest of the name from the slid window), the names collected with Array.from.",
  },
  "tensor-window": {
    description:
      "The window kept as a [1, blockSize] int64 tensor, slid with narrow and cat of the drawn [1, 1] sample; the functional softmax; a while loop on the last index.",
  },
} satisfies AlternativeCatalogue;
