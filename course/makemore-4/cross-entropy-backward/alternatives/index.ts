/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "lecture-in-place": {
    description: "The lecture's three lines: softmax, -1 at each right answer, divided in place.",
  },
  "exp-by-hand": {
    description:
      "The softmax written out (max subtracted, exp, times the sum's inverse), then * 1/n.",
  },
  "log-softmax-and-mask": {
    description:
      "The probabilities as exp(logSoftmax(logits, 1)), the one-hot as a comparison of a column index with Yb (booleans subtracted), times 1/n.",
  },
  "plain-rows": {
    description:
      "Row by row in plain (float64) numbers: the row's max subtracted, exp, normalised, 1 taken off at the answer, over n; then one tensor of the logits' dtype.",
  },
} satisfies AlternativeCatalogue;
