/** Views (the same storage in another shape) and the transpose, with their gradients. */
import { gradientFor, record } from "../autograd.ts";
import * as errors from "../errors.ts";
import { kernels } from "../kernels.ts";
import { resolveView, viewSizes } from "../shape.ts";
import { allocate } from "../storage.ts";
import { defineMethods, Tensor } from "../tensor.ts";

/** x's storage in the shape `sizes` gives (one of them may be -1); the gradient is g in x's shape. */
export function view(x: Tensor, sizes: readonly (number | readonly number[])[]): Tensor {
  const dims = viewSizes(sizes);
  const shape = resolveView(dims, x.numel(), x.shape);
  return record(x.storage, shape, x.dtype, [x], "ViewBackward0", (g) => [
    new Tensor(g.storage, x.shape, g.dtype),
  ]);
}

/** The transpose of a 2-D tensor, as a copy; the gradient is g transposed back. */
export function transpose(x: Tensor): Tensor {
  if (x.ndim !== 2) throw errors.transposeNeeds2D(x.shape);
  const [m, n] = x.shape as [number, number];
  const out = allocate(x.dtype, x.numel());
  kernels.transpose(x.storage, out, m, n);
  return record(out, [n, m], x.dtype, [x], "TBackward0", (g) => [
    gradientFor(x, (dx) => kernels.transpose(g.storage, dx, n, m)),
  ]);
}

defineMethods({
  view(...shape) {
    return view(this, shape);
  },
  reshape(...shape) {
    return view(this, shape);
  },
  get T() {
    return transpose(this);
  },
  transpose() {
    return transpose(this);
  },
});
