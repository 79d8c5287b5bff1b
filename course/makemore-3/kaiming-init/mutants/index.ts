/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "kaiming-from-the-kit": {
    description: "gain(nonlinearity) returns the kit's nn.calculateGain(nonlinearity).",
    check: "gain",
    message: "Your code calls the kit's nn.calculateGain",
  },
  "kaiming-from-the-kit.2": {
    description: "kaimingInit returns the kit's nn.kaimingNormal([fanIn, fanOut], ...).",
    check: "init",
    message: "Your code calls the kit's nn.kaimingNormal",
  },
  "mutated-args": {
    description:
      "hiddenSaturation scales the caller's W1 in place by Kaiming's factor before measuring.",
    check: "hidden",
    message: "changed `p` in place: after `hiddenSaturation(p, X",
  },
  "saturation-at-threshold": {
    description: "saturatedFraction counts |h| >= threshold.",
    check: "saturation",
    message: "use gt, not ge",
  },
  "saturation-of-preactivation": {
    description: "hiddenSaturation measures the pre-activation instead of tanh's output.",
    check: "hidden",
    message: "Apply tanh first",
  },
  "kaiming-gain-squared": {
    description: "kaimingStd is gain² / √fanIn.",
    check: "std",
    message: "squared only in the variance",
  },
  "kaiming-gain-missing": {
    description: "kaimingStd is 1 / √fanIn, whatever the non-linearity.",
    check: "std",
    message: "without the gain",
  },
  "kaiming-no-sqrt": {
    description: "kaimingStd is gain / fanIn.",
    check: "std",
    message: "without the square root",
  },
  "kaiming-fan-out": {
    description: "kaimingInit scales by kaimingStd(fanOut, ...).",
    check: "init",
    message: "it is fan_in that the spread grows with",
  },
} satisfies MutantCatalogue;
