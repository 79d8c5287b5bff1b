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
} satisfies AlternativeCatalogue;
