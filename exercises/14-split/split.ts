/**
 * Train, dev and test. Read README.md in this folder first.
 */
import { PyRandom } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** Shuffle a copy with Python's random.seed(seed), then 80% / 10% / 10%. */
export function splitWords(
  words: readonly string[],
  seed: number,
): { train: string[]; dev: string[]; test: string[] } {
  return todo(
    "splitWords: new PyRandom(seed).shuffle(a copy); n1 = trunc(0.8·n), n2 = trunc(0.9·n); slice",
  );
}
