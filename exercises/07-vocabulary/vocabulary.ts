import { todo } from "#reference/todo.ts";

/**
 * From words to the model's alphabet. Read README.md in this folder first.
 */

export interface Vocabulary {
  stoi: Map<string, number>;
  itos: string[];
}

/** "." is index 0; every character that occurs in the words follows, sorted. */
export function vocabulary(words: readonly string[]): Vocabulary {
  return todo(
    'vocabulary: itos = [".", ...the sorted distinct characters]; stoi maps each back to its index',
  );
}

/** The pairs of ".word.": "emma" gives .e em mm ma a. */
export function bigrams(words: readonly string[]): [string, string][] {
  return todo('bigrams: for each word, the neighbouring pairs of [".", ...word, "."]');
}

/** The pairs as indices: xs are the first characters, ys the ones that follow. */
export function encodeBigrams(
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): { xs: number[]; ys: number[] } {
  return todo("encodeBigrams: stoi of each pair's first character into xs, of its second into ys");
}
