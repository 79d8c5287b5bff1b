/**
 * `scope(fn)`: run a piece of work, typically one training step, whose intermediate tensors
 * are not needed afterwards. Their memory goes back to the pool the moment the scope ends,
 * so the next step reuses the same memory, which the processor still has in its caches.
 *
 *   for (let i = 0; i < 200_000; i++) {
 *     const loss = scope(() => { ...forward, backward, update...; return loss.item(); });
 *   }
 *
 * Tensors made before the scope (the parameters) are untouched, and so are their in-place
 * updates. A tensor made inside and used after the scope ends is an error that says so; a
 * tensor returned by `fn` is copied out (without its graph) so it stays usable. Gradients
 * computed inside belong to the scope too: read them inside.
 */
import * as K from "./kernels.ts";
import { allocate, Tensor } from "./tensor.ts";

export function scope<T>(fn: () => T): T {
  return K.withScope(fn, (result, lease) => {
    if (!(result instanceof Tensor) || K.leaseOf(result.storage) !== lease) return result;
    const copy = allocate(result.dtype, result.numel(), false);
    copy.set(result.storage);
    return new Tensor(copy, result.shape, result.dtype) as T;
  });
}
