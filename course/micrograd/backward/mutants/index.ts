/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "grad-assigned-not-accumulated": {
    description: "The gradient assigned with = instead of accumulated with += in +.",
    check: "accumulate",
    message: "assigned with = instead of accumulated",
  },
  "no-topological-order": {
    description: "backward walks the graph from the output without a topological order.",
    check: "order",
    message: "reverse topological order",
  },
  "output-grad-not-seeded": {
    description: "backward forgets to set the output's grad to 1.",
    check: "seed",
    message: "must first set the output's grad to 1",
  },
  "tanh-derivative-from-input": {
    description: "tanh's derivative written as 1 - x² with the input x.",
    check: "tanh",
    message: "computed from the input",
  },
  "upstream-gradient-dropped": {
    description:
      "mul's backwardStep adds the other input's value alone, without out.grad: right whenever the upstream gradient is 1.",
    check: "order",
    message: "One step of a.mul(b) alone shows why",
  },
} satisfies MutantCatalogue;
