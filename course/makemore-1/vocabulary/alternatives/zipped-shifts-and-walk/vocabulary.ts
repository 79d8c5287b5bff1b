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
  const chars = words.reduce((set, word) => {
    for (const ch of word) set.add(ch);
    return set;
  }, new Set<string>());
  const itos = [".", ...[...chars].sort()];
  return { stoi: new Map(itos.map((ch, i) => [ch, i] as const)), itos };
}

/**
 * The pairs of ".word.": the word behind a start token, zipped with the word before an end
 * token. "emma": ".emma" and "emma." give .e em mm ma a.
 */
export function bigrams(words: readonly string[]): [string, string][] {
  return words.flatMap((word) => {
    const firsts = [".", ...word];
    const seconds = [...word, "."];
    return firsts.map((a, i): [string, string] => [a, seconds[i]!]);
  });
}

/** The pairs as indices, walking each word with the index of the character before. */
export function encodeBigrams(
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  const boundary = stoi.get(".")!;
  for (const word of words) {
    let previous = boundary;
    for (const ch of [...word, "."]) {
      const next = stoi.get(ch)!;
      xs.push(previous);
      ys.push(next);
      previous = next;
    }
  }
  return { xs, ys };
}
