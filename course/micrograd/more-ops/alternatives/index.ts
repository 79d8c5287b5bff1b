/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "div-as-pow": { description: "Division written as a * b ** -1, as micrograd does." },
  "own-nodes-for-neg-and-sub": {
    description:
      "neg and sub are operations of their own with their own backward steps; the derivatives written from the output where they can be (d(a/b)/db = −out/b, exp's = out).",
  },
  "local-derivative-builders": {
    description:
      "Every operation is one line given to two builders, unary and binary, that take the forward value and the local derivatives as functions; the free functions are closures over a wrap helper.",
  },
  "reflected-operators": {
    description:
      "The free functions as micrograd's reflected operators: add(2, b) is b + 2 (b first in prev), sub(2, b) is 2 + (−b), div(2, b) is 2 · b^−1.",
  },
} satisfies AlternativeCatalogue;
