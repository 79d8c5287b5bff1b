/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "batchnorm-in-place": {
    description: "batchNorm normalises hpreact in place (under noGrad) and scales that.",
    check: "normalised",
    message: "normalised it in place",
  },
  "variance-biased": {
    description: "The batch std divides by n: hpreact.std(0, true, 0).",
    check: "normalised",
    message: "divides by n - 1",
  },
  "running-momentum-reversed": {
    description: "The running estimates keep 0.001 of themselves and take 0.999 of the batch's.",
    check: "running",
    message: "the momentum is the wrong way round",
  },
  "running-stats-in-graph": {
    description: "The running estimates are updated without noGrad.",
    check: "running",
    message: "outside noGrad",
  },
  "eval-batch-statistics": {
    description: "Evaluation normalises with the batch's mean and std too.",
    check: "evaluation",
    message: "this batch's own mean and std",
  },
  "batchnorm-after-tanh": {
    description: "forward applies BatchNorm to the tanh's output.",
    check: "forward",
    message: "BatchNorm comes after the tanh",
  },
  "gain-bias-not-parameters": {
    description: "initBatchNorm makes the gain and bias without requiresGrad.",
    check: "init",
    message: "the gain and bias are parameters",
  },
} satisfies MutantCatalogue;
