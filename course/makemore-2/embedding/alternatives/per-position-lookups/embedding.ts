/**
 * The embedding: each character is a row of C, a point in a small space the network learns.
 * C.index(X) looks up every character of every window at once; view lays each window's
 * embeddings side by side, one row per example.
 */
import { stack, type Tensor } from "#reference/tensor/index.ts";

/** C[X], one window position at a time: C[X[:, k]] is [examples, embedding], stacked on dim 1. */
export function embed(C: Tensor, X: Tensor): Tensor {
  return stack(
    X.unbind(1).map((column) => C.index(column)),
    1,
  );
}

/** [examples, blockSize, embedding] → [examples, blockSize · embedding]. */
export function flatten(emb: Tensor): Tensor {
  return emb.reshape(emb.shape[0]!, -1);
}
