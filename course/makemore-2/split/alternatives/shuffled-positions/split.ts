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
  const n = words.length;
  // random.shuffle's swaps depend only on the length: shuffling the positions shuffles the words.
  const order = Array.from({ length: n }, (_, i) => i);
  new PyRandom(seed).shuffle(order);
  const shuffled = order.map((i) => words[i]!);
  const n1 = Math.trunc(0.8 * n);
  const n2 = Math.trunc(0.9 * n);
  return {
    train: shuffled.filter((_, k) => k < n1),
    dev: shuffled.filter((_, k) => k >= n1 && k < n2),
    test: shuffled.filter((_, k) => k >= n2),
  };
}
