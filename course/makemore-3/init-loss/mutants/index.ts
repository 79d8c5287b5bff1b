/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "nll-sign": {
    description: "The expected loss is log(1/V), the log-likelihood, without the minus sign.",
    check: "expected-loss",
    message: "the log-probability log(1/",
  },
  "log-base-10": {
    description: "The expected loss is -log10(1/V).",
    check: "expected-loss",
    message: "uses the natural log",
  },
  "probability-not-log": {
    description: "The expected loss is the probability 1/V.",
    check: "expected-loss",
    message: "the probability 1/",
  },
  "output-not-scaled": {
    description:
      "W2 is drawn at full size: the first logits are large and the loss is far too high.",
    check: "calibrated",
    message: "confidently wrong",
  },
  "output-bias-random": {
    description: "W2 is scaled by 0.01 but b2 is left as randn draws it.",
    check: "calibrated",
    message: "not zeros",
  },
  "output-weights-zero": {
    description: "W2 is exactly zero, which the lecture warns against.",
    check: "gradients",
    message: "W2 is exactly zero",
  },
  "parameter-not-leaf": {
    description:
      "W2 is drawn with requiresGrad and then scaled, so the scaled tensor is not a leaf.",
    check: "gradients",
    message: "is not a leaf",
  },
  "output-scale-off": {
    description:
      "W2 scaled by 0.02 instead of the lesson's 0.01: the first loss is still near -log(1/V).",
    check: "calibrated",
    message: "the lesson scales them by 0.01",
  },
} satisfies MutantCatalogue;
