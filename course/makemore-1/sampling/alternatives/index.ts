/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "in-place-division-do-while": {
    description:
      "The lecture's P /= P.sum(1, keepdims=True) as an in-place div_ on a fresh float tensor; each name a do-while loop that collects characters and joins them.",
  },
  "rows-one-by-one": {
    description:
      "Each row normalised on its own (unbind, divide by its sum, stack back); each name drawn by a closure called by Array.from, the row taken with select and the draw read with get(0).",
  },
} satisfies AlternativeCatalogue;
