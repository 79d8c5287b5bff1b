/**
 * How good is a model? Read README.md in this folder first.
 */
import type { Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** The average, over every bigram of the words, of -log P[first, second]. */
export function averageNll(
  P: Tensor,
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): number {
  return todo(
    'averageNll: sum log P.get(i, j) over the bigrams of every ".word.", negate, divide by the number of bigrams',
  );
}

/** e to the average NLL. */
export function perplexity(averageNll: number): number {
  return todo("perplexity: Math.exp of the average NLL");
}
