/**
 * The embedding: each character is a row of C, a point in a small space the network learns.
 * C.index(X) looks up every character of every window at once; view lays each window's
 * embeddings side by side, one row per example.
 */
import type { Tensor } from "#reference/tensor/index.ts";

/** C[X]: shape [examples, blockSize, embedding]. */
export function embed(C: Tensor, X: Tensor): Tensor {
  return C.index(X);
}

/** [examples, blockSize, embedding] → [examples, blockSize · embedding], each row the window's embeddings in order. */
export function flatten(emb: Tensor): Tensor {
  return emb.view(-1, emb.shape[0]!).T;
}
