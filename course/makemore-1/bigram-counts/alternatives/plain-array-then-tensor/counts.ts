/**
 * Counting: N[i, j] is how often character j follows character i in the words.
 * Row i of N is everything the data says about what comes after i.
 */

import { type Tensor, tensor } from "#reference/tensor/index.ts";

export function countBigrams(words: readonly string[], stoi: ReadonlyMap<string, number>): Tensor {
  const rows = Array.from({ length: stoi.size }, () => new Array<number>(stoi.size).fill(0));
  for (const word of words) {
    let previous = 0; // the start token "."
    for (const ch of `${word}.`) {
      const next = stoi.get(ch)!;
      rows[previous]![next]! += 1;
      previous = next;
    }
  }
  return tensor(rows, { dtype: "int32" });
}
