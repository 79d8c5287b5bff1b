/**
 * The embedding: each character is a row of C, a point in a small space the network learns.
 * C.index(X) looks up every character of every window at once; view lays each window's
 * embeddings side by side, one row per example.
 */

import { cat, type Tensor } from "#reference/tensor/index.ts";

/** Every index looked up in one flat row list, then shaped back: [examples, blockSize, embedding]. */
export function embed(C: Tensor, X: Tensor): Tensor {
  return C.index(X.view(-1)).view(X.shape[0]!, X.shape[1]!, C.shape[1]!);
}

/** The lecture's first flattening: the positions' embeddings joined along dim 1. */
export function flatten(emb: Tensor): Tensor {
  return cat(emb.unbind(1), 1);
}
