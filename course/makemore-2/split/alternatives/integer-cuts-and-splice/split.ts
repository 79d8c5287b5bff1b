/**
 * Honest evaluation: train on 80% of the names, tune on 10% (dev), and keep 10% (test) for
 * the very end. The names are shuffled first — names.txt is not in random order — with
 * Python's random.seed(42), as the lecture does, so the split is the lecture's split.
 */
import { PyRandom } from "#reference/tensor/index.ts";

export function splitWords(
  words: readonly string[],
  seed: number,
): { train: string[]; dev: string[]; test: string[] } {
  const rest = words.slice();
  new PyRandom(seed).shuffle(rest);
  // int(0.8 * n) and int(0.9 * n): the doubles 0.8 and 0.9 are a hair above 8/10 and 9/10, so
  // the lecture's products never fall below the exact fractions (nor reach the next whole
  // number, for any list that fits in memory), and these floors are equal.
  const n1 = Math.floor((rest.length * 8) / 10);
  const n2 = Math.floor((rest.length * 9) / 10);
  const test = rest.splice(n2);
  const dev = rest.splice(n1);
  return { train: rest, dev, test };
}
