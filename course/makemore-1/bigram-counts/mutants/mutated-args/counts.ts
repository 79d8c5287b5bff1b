/**
 * Counting: N[i, j] is how often character j follows character i in the words.
 * Row i of N is everything the data says about what comes after i.
 */
import { type Tensor, zeros } from "#reference/tensor/index.ts";

export function countBigrams(words: string[], stoi: ReadonlyMap<string, number>): Tensor {
  const N = zeros([stoi.size, stoi.size], { dtype: "int32" });
  // Each word padded with its tokens, written back into the caller's list.
  words.forEach((word, w) => {
    words[w] = `.${word}.`;
  });
  for (const word of words) {
    const chars = [...word];
    for (let k = 0; k < chars.length - 1; k++) {
      const i = stoi.get(chars[k]!)!;
      const j = stoi.get(chars[k + 1]!)!;
      N.set(N.get(i, j) + 1, i, j);
    }
  }
  return N;
}
