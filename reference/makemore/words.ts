/**
 * Words into the model's alphabet: the vocabulary (with "." as the boundary token at index 0)
 * and the bigrams, pairs of neighbouring characters with a start and an end token.
 */

/** The boundary token: "." starts and ends every name, and is index 0. */
export const boundary = ".";

export interface Vocabulary {
  readonly stoi: ReadonlyMap<string, number>;
  readonly itos: readonly string[];
}

/** "." is 0; the characters that occur in the words follow in sorted order (a–z are 1–26 for names.txt). */
export function vocabulary(words: readonly string[]): Vocabulary {
  const chars = [...new Set(words.join(""))].sort();
  const itos = [boundary, ...chars];
  return { stoi: new Map(itos.map((c, i) => [c, i])), itos };
}

/** Every pair of neighbouring characters of ".word.": a word of n letters gives n + 1 pairs. */
export function bigrams(words: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const word of words) {
    const chars = [boundary, ...word, boundary];
    for (let i = 0; i + 1 < chars.length; i++) pairs.push([chars[i]!, chars[i + 1]!]);
  }
  return pairs;
}

/** The pairs as two lists of indices: inputs xs and the characters that follow, ys. */
export function encodeBigrams(
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [a, b] of bigrams(words)) {
    xs.push(stoi.get(a)!);
    ys.push(stoi.get(b)!);
  }
  return { xs, ys };
}
