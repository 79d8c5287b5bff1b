/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "picked-rows-log-softmax": {
    description:
      "The logits as W's rows picked with W.index(xs) (what one-hot times W does), the NLL from logSoftmax, λ·mean(W·W); W made with randn(size, size) then requiresGrad_(), its gradient zeroed in place with zero_(), and the update W.data.sub_(lr · grad).",
  },
  "cross-entropy-and-sgd": {
    description:
      "The loss as F.cross_entropy on the one-hot logits plus the regulariser; the training loop an optim.SGD on [W] with zeroGrad() and step().",
  },
} satisfies AlternativeCatalogue;
