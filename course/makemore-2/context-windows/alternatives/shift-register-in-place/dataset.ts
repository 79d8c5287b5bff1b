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
  const windows: number[][] = [];
  const targets: number[] = [];
  const context = new Array<number>(blockSize);
  for (const word of words) {
    context.fill(start);
    for (const ch of `${word}.`) {
      const ix = stoi.get(ch)!;
      windows.push(context.slice()); // a copy: the context changes on the next line
      targets.push(ix);
      context.copyWithin(0, 1);
      context[blockSize - 1] = ix;
    }
  }
  return { X: tensor(windows), Y: tensor(targets) };
}
