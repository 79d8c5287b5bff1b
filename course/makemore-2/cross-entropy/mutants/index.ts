/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "cross-entropy-not-written-out": {
    description:
      "nllByHand hands the work to the kit's fused crossEntropy instead of writing it out.",
    check: "by-hand",
    message: "hands the work to the kit's crossEntropy",
  },
  "cross-entropy-not-written-out.2": {
    description: "stableCrossEntropy is the kit's fused crossEntropy, not written out.",
    check: "stable",
    message: "hands the work to the kit's crossEntropy",
  },
  "cross-entropy-not-written-out.3": {
    description:
      "stableCrossEntropy takes the fused crossEntropy's value and softmax's slope under noGrad and patches them onto the logits: no NllLossBackward0 or SoftmaxBackward0 in its graph.",
    check: "stable",
    message: "while it ran (under noGrad or not",
  },
  "cross-entropy-overflow": {
    description: "Cross-entropy without subtracting the row max.",
    check: "stable",
    message: "Subtract each row's max",
  },
  "cross-entropy-underflow": {
    description:
      "The max is subtracted, but the log is taken of probabilities, which underflow to 0.",
    check: "stable",
    message: "a probability underflowed to 0 before the log",
  },
  "nll-sum-not-mean": {
    description: "The loss is the sum of the examples' negative log-probabilities, not their mean.",
    check: "by-hand",
    message: "that is the sum over the",
  },
  "normalised-without-keepdim": {
    description: "The rows are normalised by their sums without keepdim.",
    check: "by-hand",
    message: "without keepdim",
  },
  "mutated-args": {
    description:
      "stableCrossEntropy subtracts each row's max from the caller's logits in place (sub_).",
    check: "stable",
    message: "changed `logits` in place",
  },
  "nll-sign": {
    description: "nllByHand returns the mean log-probability, without the minus sign.",
    check: "by-hand",
    message: "the loss with its sign flipped",
  },
} satisfies MutantCatalogue;
