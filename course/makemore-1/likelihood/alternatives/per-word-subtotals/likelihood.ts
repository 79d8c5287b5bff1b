/**
 * How good is a model? The likelihood of the data is the product of the probabilities it
 * gives every bigram; its log is a sum; the average negative log-likelihood is the loss
 * (lower is better, 0 is perfect), and perplexity = e^loss reads as "choosing among this many".
 */
import type { Tensor } from "#reference/tensor/index.ts";

/** The log-likelihood of one word: the log-probabilities of its pairs, ".word." read in order. */
function wordLogLikelihood(P: Tensor, word: string, stoi: ReadonlyMap<string, number>): number {
  const ids = [".", ...word, "."].map((ch) => stoi.get(ch)!);
  return ids.slice(1).reduce((sum, next, k) => sum + Math.log(P.get(ids[k]!, next)), 0);
}

export function averageNll(
  P: Tensor,
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): number {
  const total = words.reduce((sum, word) => sum + wordLogLikelihood(P, word, stoi), 0);
  // A word of L characters has L + 1 pairs: one per character, and its end.
  const pairs = words.reduce((n, word) => n + [...word].length + 1, 0);
  return -total / pairs;
}

export function perplexity(averageNll: number): number {
  return 1 / Math.exp(-averageNll);
}
