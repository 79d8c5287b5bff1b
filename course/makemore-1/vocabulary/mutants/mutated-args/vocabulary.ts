/**
 * From words to the model's alphabet: the vocabulary, and the bigrams — every pair of
 * neighbouring characters, with "." marking where a word starts and ends.
 */

export interface Vocabulary {
  stoi: Map<string, number>;
  itos: string[];
}

/** "." is index 0; every character that occurs in the words follows, sorted. */
export function vocabulary(words: string[]): Vocabulary {
  // Sorts the caller's list in place to gather the characters.
  const chars = [...new Set(words.sort().join(""))].sort();
  const itos = [".", ...chars];
  const stoi = new Map(itos.map((c, i) => [c, i]));
  return { stoi, itos };
}

/** The pairs of ".word.": "emma" gives .e em mm ma a. */
export function bigrams(words: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const word of words) {
    const chars = [".", ...word, "."];
    for (let i = 0; i < chars.length - 1; i++) pairs.push([chars[i]!, chars[i + 1]!]);
  }
  return pairs;
}

/** The pairs as indices: xs are the first characters, ys the ones that follow. */
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
