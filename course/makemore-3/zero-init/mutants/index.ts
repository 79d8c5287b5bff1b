/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "grad-present-not-nonzero": {
    description: "nonZeroGradients names every parameter whose .grad is set, zeros included.",
    check: "gradients",
    message: "zeros included",
  },
  "snapshot-not-copied": {
    description: "movedAfter keeps the starting parameters by reference, so nothing seems to move.",
    check: "moved",
    message: "kept by reference",
  },
  "missing-zero-grad": {
    description: "movedAfter never clears the gradients between steps.",
    check: "moved",
    message: "never cleared",
  },
  "missing-zero-grad.2": {
    description:
      "nonZeroGradients never clears .grad first, so gradients from an earlier pass are counted.",
    check: "gradients",
    message: "the old gradients were counted with the new",
  },
  "zero-activation-overlooked": {
    description: "predictMoved has W2 learn whatever the hidden activations are.",
    check: "prediction",
    message: "tanh(0) = 0",
  },
  "gradient-flow-static": {
    description:
      "predictMoved applies the gradient rules to the starting zeros only, never to what moved.",
    check: "prediction",
    message: "opens paths",
  },
  "gradient-path-missed": {
    description: "predictMoved has b1 learn only when W1 is non-zero too (b1 is not behind W1).",
    check: "prediction",
    message: "b1 is missing",
  },
  "gradient-path-missed.2": {
    description:
      "predictMoved says that with every parameter at zero nothing trains: E01's answer without b2.",
    check: "prediction",
    message: "without b2",
  },
  "gradient-path-missed.3": {
    description:
      "predictMoved has the hidden layer non-zero only through b1, overlooking C and W1 (embcat · W1).",
    check: "prediction",
    message: "W2 is missing",
  },
  "gradient-path-invented": {
    description:
      "predictMoved takes b1 to learn from the first step, like b2, even while W2 is zero.",
    check: "prediction",
    message: "b1 does not (db1",
  },
} satisfies MutantCatalogue;
