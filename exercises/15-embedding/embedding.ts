/**
 * The embedding lookup and view. Read README.md in this folder first.
 */
import type { Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** C[X]: shape [examples, blockSize, embedding]. */
export function embed(C: Tensor, X: Tensor): Tensor {
  return todo("embed: C.index(X), the kit's C[X]");
}

/** [examples, blockSize, embedding] → [examples, blockSize · embedding], each row the window's embeddings in order. */
export function flatten(emb: Tensor): Tensor {
  return todo("flatten: emb.view(examples, -1)");
}
