/** Views (the same storage in another shape) and the transpose, with their gradients. */
import { gradientFor, record } from "../autograd.ts";
import * as errors from "../errors.ts";
import { kernels } from "../kernels.ts";
import { numelOf, resolveView, viewSizes, wrapDim } from "../shape.ts";
import { allocate, type Storage } from "../storage.ts";
import { defineMethods, Tensor } from "../tensor.ts";

/** x's storage in the shape `sizes` gives (one of them may be -1); the gradient is g in x's shape. */
export function view(x: Tensor, sizes: readonly (number | readonly number[])[]): Tensor {
  const dims = viewSizes(sizes);
  const shape = resolveView(dims, x.numel(), x.shape);
  return record(x.storage, shape, x.dtype, [x], "ViewBackward0", (g) => [
    new Tensor(g.storage, x.shape, g.dtype),
  ]);
}

/**
 * The transpose of a 2-D tensor, as a copy; the gradient is g transposed back. PyTorch names
 * the step after the spelling: `.T` PermuteBackward0, `.t()` TBackward0, `transpose(0, 1)`
 * TransposeBackward0.
 */
export function transpose(x: Tensor, name = "PermuteBackward0"): Tensor {
  if (x.ndim !== 2) throw errors.transposeNeeds2D(x.shape);
  const [m, n] = x.shape as [number, number];
  const out = allocate(x.dtype, x.numel(), false); // the kernel writes all of it
  kernels.transpose(x.storage, out, m, n);
  return record(out, [n, m], x.dtype, [x], name, (g) => [
    gradientFor(x, (dx) => kernels.transpose(g.storage, dx, n, m)),
  ]);
}

/** `x.transpose(dim0, dim1)` of any tensor, as a copy (PyTorch's is a view); the gradient swaps back. */
export function swapDims(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = wrapDim(dim0, x.shape);
  const b = wrapDim(dim1, x.shape);
  if (x.ndim === 2 && a !== b) return transpose(x, "TransposeBackward0");
  const shape = x.shape.slice();
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  if (x.ndim > 2 && Math.min(a, b) === x.ndim - 2 && Math.max(a, b) === x.ndim - 1)
    return transposeLastTwo(x, shape);
  // The source strides, swapped: walking the result row-major reads x in the swapped order.
  const strides = x.shape.map((_, d) => numelOf(x.shape.slice(d + 1)));
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  const source = x.storage;
  const out = allocate(x.dtype, x.numel(), false);
  const index = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let from = 0;
    for (let d = 0; d < shape.length; d++) from += index[d]! * strides[d]!;
    out[o] = source[from]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return record(out, shape, x.dtype, [x], "TransposeBackward0", (g) => [swapDims(g, a, b)]);
}

/** `k.transpose(-2, -1)` of a batch: each matrix turned over by the transpose kernel. */
function transposeLastTwo(x: Tensor, shape: readonly number[]): Tensor {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const size = m * n;
  const turn = (from: Storage, to: Storage, rows: number, cols: number) => {
    for (let start = 0; start < from.length; start += size)
      kernels.transpose(
        from.subarray(start, start + size),
        to.subarray(start, start + size),
        rows,
        cols,
      );
  };
  const out = allocate(x.dtype, x.numel(), false);
  turn(x.storage, out, m, n);
  return record(out, shape, x.dtype, [x], "TransposeBackward0", (g) => [
    gradientFor(x, (dx) => turn(g.storage, dx, n, m), false),
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
  transpose(dim0, dim1) {
    if (dim0 === undefined || dim1 === undefined) return transpose(this, "TransposeBackward0");
    return swapDims(this, dim0, dim1);
  },
  t() {
    return transpose(this, "TBackward0");
  },
});
