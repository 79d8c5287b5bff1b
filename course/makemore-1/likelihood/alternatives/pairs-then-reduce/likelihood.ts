/**
 * How good is a model? The likelihood of the data is the product of the probabilities it
 * gives every bigram; its log is a sum; the average negative log-likelihood is the loss
 * (lower is better, 0 is perfect), and perplexity = e^loss reads as "choosing among this many".
 */

import type { Tensor } from "#reference/tensor/index.ts";

const pairsOf = (word: string): [string, string][] =>
  [...`${word}.`].map((ch, k) => [k === 0 ? "." : word[k - 1]!, ch]);

export function averageNll(
  P: Tensor,
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): number {
  const pairs = words.flatMap(pairsOf);
  const total = pairs.reduce((sum, [a, b]) => sum + Math.log(P.get(stoi.get(a)!, stoi.get(b)!)), 0);
  return -total / pairs.length;
}

export function perplexity(averageNll: number): number {
  return Math.exp(averageNll);
}
