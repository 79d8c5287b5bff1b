/**
 * Counting: N[i, j] is how often character j follows character i in the words.
 * Row i of N is everything the data says about what comes after i.
 */

import { type Tensor, zeros } from "#reference/tensor/index.ts";

export function countBigrams(words: readonly string[], stoi: ReadonlyMap<string, number>): Tensor {
  const tally = new Map<string, number>();
  for (const word of words) {
    const chars = `.${word}.`;
    for (let k = 1; k < chars.length; k++) {
      const pair = chars.slice(k - 1, k + 1);
      tally.set(pair, (tally.get(pair) ?? 0) + 1);
    }
  }
  const N = zeros([stoi.size, stoi.size], { dtype: "int32" });
  for (const [pair, count] of tally) N.set(count, stoi.get(pair[0]!)!, stoi.get(pair[1]!)!);
  return N;
}
