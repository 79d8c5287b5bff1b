/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "mean-of-a-mask": {
    description:
      "Saturation as the mean of a float mask, the gains from a table, the std as √(gain² / fanIn), the weights multiplied by the gain and divided by √fanIn.",
  },
  "compared-before-tanh": {
    description:
      "The hidden layer's saturation counted on the pre-activation against atanh(threshold), which is the same set of units; gain and std by Math.pow.",
  },
  "complement-and-in-place": {
    description:
      "Saturation as n minus the count of |h| ≤ t, over n; the flat window by reshape with fan_in from the shapes; gains from a Map; the std as gain·√(1/fanIn); the draw scaled in place with mul_.",
  },
  "two-sided-count": {
    description:
      "Saturation counted as the two tails h > t and h < -t; the hidden layer example by example with the functional tanh, the counts added up; the std as gain / fanIn ** 0.5.",
  },
} satisfies AlternativeCatalogue;
