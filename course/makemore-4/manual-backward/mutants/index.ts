/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts). Each mutant makes one step wrong, and only that step's check fails
 * (with the chain, which names it as where the whole pass departs).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "mean-gradient-not-divided-by-n": {
    description: "dlogprobs puts -1 at each picked element, not -1/n.",
    check: "dlogprobs",
    message: "each picked element gets -1/n",
  },
  "chain-rule-upstream-dropped": {
    description: "dprobs is 1/probs, not multiplied by dlogprobs.",
    check: "dprobs",
    message: "the local derivative 1/probs alone",
  },
  "power-rule-wrong": {
    description: "dbnvar keeps the exponent -0.5 instead of -1.5.",
    check: "dbnvar",
    message: "The power rule lowers it by one",
  },
  "path-not-summed": {
    description: "dcounts has the path through probs only, not the one through counts_sum.",
    check: "dcounts",
    message: "only the path through probs",
  },
  "path-not-summed.2": {
    description: "dbndiff has the path through bnraw only, not the one through bndiff2.",
    check: "dbndiff",
    message: "only the path through bnraw",
  },
  "max-grad-forgotten": {
    description: "dlogits is dnorm_logits alone, the path through the max forgotten.",
    check: "dlogits",
    message: "the path through logit_maxes is forgotten",
  },
  "max-grad-spread": {
    description: "dlogit_maxes is added to every logit of its row.",
    check: "dlogits",
    message: "added to every element of its row",
  },
  "sum-without-keepdim": {
    description: "dcounts_sum_inv sums over the columns without keepdim: [n], not [n, 1].",
    check: "dcounts-sum-inv",
    message: "a sum without keepdim",
  },
  "sum-without-keepdim.2": {
    description: "dbnmeani is the lecture's (-dbndiff).sum(0): [64], not [1, 64].",
    check: "dbnmeani",
    message: "a sum without keepdim",
  },
  "transpose-misplaced": {
    description: "dW2 is dlogits.T @ h: the transpose of the right answer.",
    check: "dw2",
    message: "a transpose in the wrong place",
  },
  "dw-as-w-times-d": {
    description: "dW1 is W1 @ dhprebn.T instead of embcat.T @ dhprebn.",
    check: "dw1",
    message: "W1 times the gradient",
  },
  "tanh-derivative-from-input": {
    description: "dhpreact uses 1 - hpreact² instead of 1 - h².",
    check: "dhpreact",
    message: "1 - hpreact²",
  },
  "bias-grad-summed-over-wrong-dim": {
    description: "db2 sums dlogits over dim 1 instead of dim 0.",
    check: "db2",
    message: "summed over the columns",
  },
  "variance-divided-by-n": {
    description: "dbndiff2 divides by n, not n - 1.",
    check: "dbndiff2",
    message: "Bessel's correction",
  },
  "dc-assigned-not-accumulated": {
    description: "dC assigns each copy's gradient to its row instead of adding it.",
    check: "dc",
    message: "assigned (dC[ix] = demb[k, j])",
  },
  "mutated-args": {
    description: "db1 scales the dhprebn it is given in place.",
    check: "db1",
    message: "changed a tensor it was given",
  },
  "gradient-taken-as-zero": {
    description: "db1 is zeros, as autograd's all but is (BatchNorm takes the mean out).",
    check: "db1",
    message: "Autograd's db1 is about 0 only because",
  },
  "gradient-taken-as-zero.2": {
    description:
      "dlogit_maxes is zeros, as autograd's all but is (a row's shift leaves its softmax).",
    check: "dlogit-maxes",
    message: "Autograd's dlogit_maxes is about 0 only because",
  },
} satisfies MutantCatalogue;
