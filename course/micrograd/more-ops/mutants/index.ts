/**
 * What this exercise's grader must answer to each mutant. Each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id (see
 * course/mistakes.ts and kit/mutants.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "div-grad-b-is-a": {
    description: "d(a/b)/db written as a.",
    check: "div",
    message: "is not a but -a/b²",
  },
  "div-grad-b-is-inverse": {
    description: "d(a/b)/db written as 1/b.",
    check: "div",
    message: "that is d(a/b)/da",
  },
  "pow-exponent-off-by-one": {
    description: "pow's derivative written k·x^k.",
    check: "pow",
    message: "off by one",
  },
  "grad-assigned-not-accumulated": {
    description: "log's backwardStep assigns this.grad instead of adding to it.",
    check: "exp-log",
    message: "must add to this.grad with +=",
    named: false,
  },
} satisfies MutantCatalogue;
