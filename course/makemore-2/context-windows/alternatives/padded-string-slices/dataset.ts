/**
 * The MLP reads a window of the last `blockSize` characters and predicts the next one. Every
 * word gives one example per character and one for its end: "emma" with block size 3 gives
 * ... → e, ..e → m, .em → m, emm → a, mma → .
 */
import { type Tensor, tensor } from "#reference/tensor/index.ts";

export function buildDataset(
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
  blockSize: number,
): { X: Tensor; Y: Tensor } {
  const X: number[][] = [];
  const Y: number[] = [];
  for (const word of words) {
    // The word behind blockSize dots and before its end: each window is a slice of that string.
    const padded = ".".repeat(blockSize) + word + ".";
    for (let i = blockSize; i < padded.length; i++) {
      X.push([...padded.slice(i - blockSize, i)].map((ch) => stoi.get(ch)!));
      Y.push(stoi.get(padded[i]!)!);
    }
  }
  return { X: tensor(X), Y: tensor(Y) };
}
