/** The matrix product, and its gradients: g·bᵀ for a, aᵀ·g for b. */
import { gradientFor, record } from "../autograd.ts";
import { isFloating, resultType } from "../dtype.ts";
import * as errors from "../errors.ts";
import { kernels } from "../kernels.ts";
import { allocate } from "../storage.ts";
import { defineMethods, type Tensor } from "../tensor.ts";

/** (m×k)·(k×n) of 2-D tensors; a 1-D right side is a column, and the result is 1-D. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || (b.ndim !== 2 && b.ndim !== 1)) throw errors.matmulShapes(a.shape, b.shape);
  const [m, k] = a.shape as [number, number];
  const n = b.ndim === 2 ? b.shape[1]! : 1;
  if (b.shape[0] !== k) throw errors.matmulInnerSizes(m, k, b.shape);
  // PyTorch's mm does not promote; here an integer side (one-hot rows left as integers) is
  // refused and says which conversion to use, while float32 with float64 gives float64.
  if (a.dtype !== b.dtype && !(isFloating(a.dtype) && isFloating(b.dtype))) {
    const target = isFloating(a.dtype)
      ? a.dtype
      : isFloating(b.dtype)
        ? b.dtype
        : resultType(a.dtype, b.dtype);
    throw errors.matmulDTypes(a.dtype, b.dtype, target);
  }
  const dtype = resultType(a.dtype, b.dtype);
  const out = allocate(dtype, m * n, false);
  kernels.matmul(a.storage, b.storage, out, m, k, n);
  const shape = Object.freeze(b.ndim === 2 ? [m, n] : [m]);
  // The kernels write the gradients whole (accumulate = false), so they need not be zeroed.
  return record(out, shape, dtype, [a, b], "MmBackward0", (g) => [
    a.requiresGrad
      ? gradientFor(
          a,
          (da) => kernels.matmulTransposeB(g.storage, b.storage, da, m, n, k, false),
          false,
        )
      : null,
    b.requiresGrad
      ? gradientFor(
          b,
          (db) => kernels.matmulTransposeA(a.storage, g.storage, db, m, k, n, false),
          false,
        )
      : null,
  ]);
}

defineMethods({
  matmul(other) {
    return matmul(this, other);
  },
});
