/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "optim-sgd-and-reduce": {
    description:
      "The sweep with an optim.SGD whose lr is set to 10^exponent each step; the exponents read with tolist(); bestExponent by reduce over the losses' indices.",
  },
  "exponents-by-arithmetic": {
    description:
      "The exponents in plain arithmetic, -3 + 3i/(steps - 1) in float64; each step in scope() with the update p -= lr·grad; bestExponent by a loop that keeps the lowest loss and its exponent.",
  },
} satisfies AlternativeCatalogue;
