/**
 * The embedding: each character is a row of C, a point in a small space the network learns.
 * C.index(X) looks up every character of every window at once; view lays each window's
 * embeddings side by side, one row per example.
 */
import { stack, type Tensor } from "#reference/tensor/index.ts";

/** C[X], one example at a time: the rows of C its window points at, [blockSize, embedding]. */
export function embed(C: Tensor, X: Tensor): Tensor {
  const windows: Tensor[] = [];
  for (let i = 0; i < X.shape[0]!; i++) windows.push(C.index(X.index(i)));
  return stack(windows, 0);
}

/** Each example's [blockSize, embedding] laid out as one row, the positions in order. */
export function flatten(emb: Tensor): Tensor {
  return stack(
    emb.unbind(0).map((window) => window.view(-1)),
    0,
  );
}
