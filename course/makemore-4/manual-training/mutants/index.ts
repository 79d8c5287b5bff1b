/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "mean-gradient-not-divided-by-n": {
    description: "dlogits is softmax minus the one-hot, never divided by n.",
    check: "gradients",
    message: "divided by n",
  },
  "variance-divided-by-n": {
    description: "BatchNorm's backward in one expression without the n/(n-1) factor.",
    check: "gradients",
    message: "without Bessel's correction",
  },
  "bias-grad-summed-over-wrong-dim": {
    description: "db2 is dlogits.sum(1), one number per example.",
    check: "gradients",
    message: "over dim 0",
  },
  "bias-grad-summed-over-wrong-dim.2": {
    description: "db1 is dhprebn.sum(1), one number per example.",
    check: "gradients",
    message: "over dim 0",
  },
  "dc-assigned-not-accumulated": {
    description: "dC written by a loop that assigns each lookup's row instead of adding it.",
    check: "gradients",
    message: "keeps only the last place",
  },
  "update-uphill": {
    description: "The update adds learningRate * grad instead of subtracting it.",
    check: "update",
    message: "uphill",
  },
  "missing-zero-grad": {
    description: "dC is made once, outside manualBackward, and every call adds to it.",
    check: "gradients",
    message: "keeps a gradient from call to call",
  },
  "tanh-derivative-from-input": {
    description: "tanh's derivative written 1 - hpreact² from its input.",
    check: "gradients",
    message: "1 - h²",
  },
  "sum-without-keepdim": {
    description: "dbngain and dbnbias summed over dim 0 without keepdim.",
    check: "gradients",
    message: "keepdim",
  },
  "mutated-args": {
    description:
      "sgdUpdate scales the caller's gradients in place (mul_) on the way to the update.",
    check: "update",
    message: "changed `grads` in place",
  },
  "mutated-args.2": {
    description:
      "manualBackward squares the forward pass's h in place (mul_) for tanh's derivative.",
    check: "gradients",
    message: "changed `f` in place",
  },
} satisfies MutantCatalogue;
