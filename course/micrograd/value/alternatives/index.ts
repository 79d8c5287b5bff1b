/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "prev-without-duplicates": {
    description:
      "prev keeps each input once, like micrograd's set(_children): a.add(a) has prev [a].",
  },
  "combine-helper-frozen-prev": {
    description:
      "Fields initialised where they are declared, a module-level helper that wraps numbers, one private method that builds every binary result, and prev frozen.",
  },
  "tanh-from-exp": {
    description:
      "tanh written from exponentials as the lecture does, (e^2x − 1) / (e^2x + 1), in a form that neither overflows nor loses digits near 0; numbers told apart with typeof.",
  },
} satisfies AlternativeCatalogue;
