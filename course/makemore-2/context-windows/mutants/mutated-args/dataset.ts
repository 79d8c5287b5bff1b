/**
 * The MLP reads a window of the last `blockSize` characters and predicts the next one. Every
 * word gives one example per character and one for its end: "emma" with block size 3 gives
 * ... → e, ..e → m, .em → m, emm → a, mma → .
 */
import { type Tensor, tensor } from "#reference/tensor/index.ts";

export function buildDataset(
  words: string[],
  stoi: ReadonlyMap<string, number>,
  blockSize: number,
): { X: Tensor; Y: Tensor } {
  const X: number[][] = [];
  const Y: number[] = [];
  // Consumes the caller's list: afterwards it is empty.
  while (words.length > 0) {
    const word = words.shift()!;
    let context: number[] = new Array(blockSize).fill(0);
    for (const ch of [...word, "."]) {
      const ix = stoi.get(ch)!;
      X.push(context);
      Y.push(ix);
      context = [...context.slice(1), ix];
    }
  }
  return { X: tensor(X), Y: tensor(Y) };
}
