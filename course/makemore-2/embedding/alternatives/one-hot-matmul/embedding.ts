/**
 * The embedding: each character is a row of C, a point in a small space the network learns.
 * C.index(X) looks up every character of every window at once; view lays each window's
 * embeddings side by side, one row per example.
 */

import { oneHot, type Tensor } from "#reference/tensor/index.ts";

/** C[X] as the lecture first shows it: a one-hot row times C picks that row of C. */
export function embed(C: Tensor, X: Tensor): Tensor {
  return oneHot(X, C.shape[0]!).float().matmul(C);
}

/** The window's embeddings side by side: the last two sizes multiplied out. */
export function flatten(emb: Tensor): Tensor {
  const [n, blockSize, size] = emb.shape as [number, number, number];
  return emb.view(n, blockSize * size);
}
