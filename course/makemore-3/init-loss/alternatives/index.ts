/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "scaled-in-place": {
    description:
      "Every parameter drawn with requiresGrad, then W2 scaled and b2 zeroed in place under noGrad; the loss as Math.log(V).",
  },
  "times-zero-as-the-lecture": {
    description:
      "The lecture's lines: W2 = randn * 0.01 and b2 = randn * 0 (a draw used and thrown away); the loss as -log(1/V) via Math.log(V).",
  },
  "table-of-draws": {
    description:
      "The draws as a table of name, shape and scale, made into leaves in a loop; b2 made with zeros(…, { requiresGrad: true }); the loss as Math.log(V).",
  },
  "uniform-cross-entropy": {
    description:
      "The loss as -Σ q·log q summed over the V classes with q = 1/V; W2 divided by 100; b2 as zerosLike of a row of W2; requiresGrad_ by a helper.",
  },
} satisfies AlternativeCatalogue;
