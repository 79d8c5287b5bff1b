/**
 * The MLP reads a window of the last `blockSize` characters and predicts the next one. Every
 * word gives one example per character and one for its end: "emma" with block size 3 gives
 * ... → e, ..e → m, .em → m, emm → a, mma → .
 */
import { type Tensor, tensor } from "#reference/tensor/index.ts";

/** The (context, target) pairs of one word, built by a closure over the block size. */
const windowsOf =
  (stoi: ReadonlyMap<string, number>, blockSize: number) =>
  (word: string): [number[], number][] => {
    const ids = [...word, "."].map((ch) => stoi.get(ch)!);
    return ids.map((target, i) => {
      const before = ids.slice(Math.max(0, i - blockSize), i);
      return [[...new Array<number>(blockSize - before.length).fill(0), ...before], target];
    });
  };

export function buildDataset(
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
  blockSize: number,
): { X: Tensor; Y: Tensor } {
  const pairs = words.flatMap(windowsOf(stoi, blockSize));
  return { X: tensor(pairs.map(([x]) => x)), Y: tensor(pairs.map(([, y]) => y)) };
}
