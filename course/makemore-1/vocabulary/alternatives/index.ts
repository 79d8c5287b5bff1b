/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "nested-loops-and-comparator": {
    description:
      "The characters gathered by nested loops into a Set and sorted with an explicit comparator; stoi filled by a loop; the pairs read with an index over each padded string; the encoding mapped from bigrams().",
  },
  "zipped-shifts-and-walk": {
    description:
      "The vocabulary by reduce; each word's pairs by zipping the word behind a start token with the word before an end token; the encoding a walk that carries the previous index, without listing the pairs.",
  },
} satisfies AlternativeCatalogue;
