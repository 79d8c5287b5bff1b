/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "rows-picked-and-log-space": {
    description:
      "bigramLogits picks W's rows with W.index(xs) (the same as one-hot times W); softmaxRows is exp of the log-softmax, shifted by the row max.",
  },
  "one-hot-by-hand": {
    description:
      "The one-hot rows written element by element into zeros; the rows normalised by multiplying with their sums' reciprocals.",
  },
  "compare-one-hot-library-softmax": {
    description:
      "The one-hot rows made by broadcasting a comparison, xs as a column against arange(size); softmaxRows is the library's F.softmax(logits, dim=1), as the lectures use later.",
  },
  "row-by-row": {
    description:
      "Plain loops: the one-hot rows as nested arrays made a float tensor, the logits stacked from W's rows one input at a time, and softmax taken row by row (unbind, shift by the row's max, exp, normalise, stack).",
  },
} satisfies AlternativeCatalogue;
