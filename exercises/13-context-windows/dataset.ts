/**
 * Context windows: the inputs and targets of the MLP. Read README.md in this folder first.
 */
import { type Tensor, tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** X: one row of `blockSize` indices per example; Y: the index that follows each window. */
export function buildDataset(
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
  blockSize: number,
): { X: Tensor; Y: Tensor } {
  return todo(
    'buildDataset: start each word with a context of blockSize zeros; for each character of word + ".", record (context, index), then slide the context',
  );
}
