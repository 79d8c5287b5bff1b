/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "on-nn-module": {
    description:
      "The three classes extend the kit's nn.Module and register their parameters and buffers; the running statistics are updated in place.",
  },
  "keepdim-and-in-place": {
    description:
      "Every per-feature tensor kept as [1, dim], as the lecture's keepdim leaves it, the variances written out as sums of squares, and the running statistics updated in place.",
  },
  "bias-kept": {
    description:
      "deepNetwork keeps a bias in every Linear before a BatchNorm1d: harmless but wasted, so it passes with a note.",
    note: "keep a bias. Harmless, but wasted",
  },
  closures: {
    description:
      "No classes: each layer is a plain object made by a function (callable with or without new) whose methods read the object; deepNetwork's hidden blocks by flatMap over the widths.",
  },
  "private-fields-and-accessors": {
    description:
      "Classes whose tensors sit in # private fields behind getters (and a setter for training); xhat via pow(-0.5); the running variance from the biased one times n / (n - 1); deepNetwork as one loop of depth + 1 Linear-BatchNorm pairs.",
  },
} satisfies AlternativeCatalogue;
