/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "plain-arrays": {
    description:
      "Every tensor read out with tolist() and the means, stds and fractions computed in plain loops, in float64.",
  },
  "sums-and-variance": {
    description:
      "The mean as sum / numel, the std as √var, the saturated fraction as a count over numel, and the log taken with Math.log10.",
  },
  "centred-moments-in-loops": {
    description:
      "Index loops that push; one helper for the mean and the unbiased std (centred sum of squares over n - 1); saturation as two tails; the update ratio as lr·std(grad) / std(data) in plain numbers.",
  },
  "generators-in-float64": {
    description:
      "The Tanh layers found by a generator function over layers.entries(); every statistic taken on a float64 copy (double()); weightStatistics by filter and map over entries.",
  },
} satisfies AlternativeCatalogue;
