/**
 * From words to the model's alphabet: the vocabulary, and the bigrams — every pair of
 * neighbouring characters, with "." marking where a word starts and ends.
 */

export interface Vocabulary {
  stoi: Map<string, number>;
  itos: string[];
}

/** "." is index 0; every character that occurs in the words follows, sorted. */
export function vocabulary(words: readonly string[]): Vocabulary {
  const seen = new Set<string>();
  for (const word of words) for (const ch of word) seen.add(ch);
  const chars = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const itos = [".", ...chars];
  const stoi = new Map<string, number>();
  for (let i = 0; i < itos.length; i++) stoi.set(itos[i]!, i);
  return { stoi, itos };
}

/** The pairs of ".word.": "emma" gives .e em mm ma a. */
export function bigrams(words: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const word of words) {
    const padded = `.${word}.`;
    for (let i = 1; i < padded.length; i++) pairs.push([padded[i - 1]!, padded[i]!]);
  }
  return pairs;
}

/** The pairs as indices: xs are the first characters, ys the ones that follow. */
export function encodeBigrams(
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): { xs: number[]; ys: number[] } {
  const pairs = bigrams(words);
  return {
    xs: pairs.map(([a]) => stoi.get(a)!),
    ys: pairs.map(([, b]) => stoi.get(b)!),
  };
}
