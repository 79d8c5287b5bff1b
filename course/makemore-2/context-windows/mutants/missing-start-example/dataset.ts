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
    let context: number[] = new Array(blockSize).fill(0);
    // Starts from the first letter as context: the example "..." → first letter is never made.
    context = [...context.slice(1), stoi.get(word[0]!)!];
    for (const ch of [...word.slice(1), "."]) {
      const ix = stoi.get(ch)!;
      X.push(context);
      Y.push(ix);
      context = [...context.slice(1), ix];
    }
  }
  return { X: tensor(X), Y: tensor(Y) };
}
