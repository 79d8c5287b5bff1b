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
  const start = stoi.get(".")!;
  const flat: number[] = [];
  const Y: number[] = [];
  for (const word of words) {
    const ids = [...word, "."].map((ch) => stoi.get(ch)!);
    ids.forEach((target, i) => {
      // Position j of the window before target i is the character blockSize - j places back.
      for (let j = 0; j < blockSize; j++) {
        const k = i - blockSize + j;
        flat.push(k >= 0 ? ids[k]! : start);
      }
      Y.push(target);
    });
  }
  return { X: tensor(flat).view(-1, blockSize), Y: tensor(Y) };
}
