/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "log-space-and-one-hot": {
    description:
      "nllByHand written as log-softmax by hand (x - log Σ exp x, without the max); the stable loss picks the targets with a one-hot mask.",
  },
  "pick-then-normalise": {
    description:
      "nllByHand picks the targets' counts before dividing by the row sums (no keepdim needed); the stable loss as the mean of log Σ exp(x - max) minus the target's shifted logit, written as a sum over n.",
  },
  "row-by-row": {
    description:
      "Both losses computed one example at a time (unbind, select, a scalar max) by a shared helper taking the row's loss as a function, then stacked and averaged.",
  },
} satisfies AlternativeCatalogue;
