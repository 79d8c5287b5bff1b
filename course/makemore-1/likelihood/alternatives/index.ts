/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "tensor-indexing": {
    description:
      "The probabilities of every pair picked at once with P.index(xs, ys), then log, mean and minus, as the lecture's tensors do.",
  },
  "pairs-then-reduce": {
    description:
      "Every word's pairs listed with flatMap, their log-probabilities summed with reduce.",
  },
  "per-word-subtotals": {
    description:
      "Each word's log-likelihood summed on its own, then the words' subtotals (another order of accumulation); the count of pairs computed as the letters plus one per word; perplexity as 1 / e^(−loss).",
  },
  "log-table-and-walk": {
    description:
      "The whole table's logarithm taken once with P.log() (in P's float32); each word walked with the previous index, subtracting log-probabilities as it goes.",
  },
} satisfies AlternativeCatalogue;
