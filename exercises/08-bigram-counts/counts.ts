/**
 * Counting: N[i, j] is how often character j follows character i in the words.
 * Read README.md in this folder first.
 */
import { type Tensor, zeros } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

export function countBigrams(words: readonly string[], stoi: ReadonlyMap<string, number>): Tensor {
  return todo(
    'countBigrams: a zeros([V, V], { dtype: "int32" }) tensor; for each bigram (i, j) of ".word.", N.set(N.get(i, j) + 1, i, j)',
  );
}
