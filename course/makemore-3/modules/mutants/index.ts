/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "batchnorm-in-place": {
    description: "forward normalises x in place (under noGrad) and scales that.",
    check: "batchnorm-training",
    message: "normalised it in place",
  },
  "variance-unbiased": {
    description: "Training normalises with x.var(0), which divides by n - 1.",
    check: "batchnorm-training",
    message: "dividing by n: x.var(0, true, 0)",
  },
  "eps-outside-sqrt": {
    description: "The std is sqrt(var) + eps.",
    check: "batchnorm-training",
    message: "eps belongs inside the square root",
  },
  "running-momentum-reversed": {
    description: "running = momentum * running + (1 - momentum) * batch.",
    check: "running",
    message: "the momentum is the wrong way round",
  },
  "running-stats-in-graph": {
    description: "The running statistics are updated without noGrad.",
    check: "running",
    message: "outside noGrad",
  },
  "eval-batch-statistics": {
    description: "forward normalises with the batch's statistics whatever the training flag.",
    check: "evaluation",
    message: "this batch's own mean and variance",
  },
  "gain-bias-not-parameters": {
    description: "parameters() returns [], leaving gamma and beta out.",
    check: "batchnorm-init",
    message: "the gain and bias are parameters",
  },
  "embedding-without-grad": {
    description: "deepNetwork draws C without requiresGrad, so the embedding table never learns.",
    check: "network",
    message: "C does not require grad",
  },
  "linear-bias-default-off": {
    description: "Linear adds a bias only when { bias: true } is given: none by default.",
    check: "linear",
    message: "the option defaults to true",
  },
} satisfies MutantCatalogue;
