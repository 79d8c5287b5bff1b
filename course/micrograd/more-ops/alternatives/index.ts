/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "div-as-pow": { description: "Division written as a * b ** -1, as micrograd does." },
} satisfies AlternativeCatalogue;
