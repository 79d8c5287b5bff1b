/**
 * Indexing by integer tensors: `C.index(X)` is PyTorch's `C[X]` (rows picked, the embedding
 * lookup) and `P.index(rows, cols)` is `P[rows, cols]`. The gradient adds each picked row's
 * gradient back to the row it came from (repeated rows add up).
 */
import { gradientFor, record } from "../autograd.ts";
import { isFloating } from "../dtype.ts";
import * as errors from "../errors.ts";
import { kernels } from "../kernels.ts";
import { broadcastShapes, noDimensions, numelOf } from "../shape.ts";
import { allocate, allocateInt32, type Storage } from "../storage.ts";
import { defineMethods, Tensor } from "../tensor.ts";

type Index = Tensor | readonly number[] | number;

export function index(x: Tensor, rows: Index, cols?: Tensor | readonly number[]): Tensor {
  if (x.ndim === 0) throw errors.indexOfNumber();
  if (cols !== undefined && x.ndim !== 2) throw errors.indexPairsNeed2D(x.shape);
  const [indices, rowShape] = checkedIndices(rows, x.shape[0]!, "rows");
  if (cols !== undefined)
    return indexPairs(x, indices, rowShape, checkedIndices(cols, x.shape[1]!, "columns"));
  const width = numelOf(x.shape.slice(1));
  const shape = Object.freeze([...rowShape, ...x.shape.slice(1)]);
  const out = allocate(x.dtype, indices.length * width, false);
  kernels.gatherRows(x.storage, indices, width, out);
  // x[0] is a select in PyTorch (SelectBackward0); x[tensor] an index.
  const name = typeof rows === "number" ? "SelectBackward0" : "IndexBackward0";
  return record(out, shape, x.dtype, [x], name, (g) => [
    gradientFor(x, (dx) => kernels.scatterAddRows(g.storage, indices, width, dx)),
  ]);
}

/** `P[rows, cols]`: one element per pair, rows and cols broadcast against each other. */
function indexPairs(
  x: Tensor,
  rows: Int32Array,
  rowShape: readonly number[],
  [cols, colShape]: [Int32Array, readonly number[]],
): Tensor {
  const shape = broadcastShapes(rowShape, colShape);
  const n = numelOf(shape);
  const width = x.shape[1]!;
  const flat = allocateInt32(n, false);
  kernels.flatPairIndices(rows, rowShape, cols, colShape, shape, width, flat);
  const out = allocate(x.dtype, n);
  kernels.gatherRows(x.storage, flat, 1, out);
  return record(out, shape, x.dtype, [x], "IndexBackward0", (g) => [
    gradientFor(x, (dx) => kernels.scatterAddRows(g.storage, flat, 1, dx)),
  ]);
}

/**
 * The integers of an index (a number, a list or an integer tensor) checked against `size` in
 * one pass, with their shape; negative ones count from the end, as in PyTorch (a copy is made
 * only when there are some, so an index tensor's own storage is used as it is).
 */
function checkedIndices(index: Index, size: number, what: string): [Int32Array, readonly number[]] {
  let values: Storage;
  let shape: readonly number[];
  if (index instanceof Tensor) {
    if (isFloating(index.dtype)) throw errors.indicesNotIntegers(what, index.dtype);
    values = index.storage;
    shape = index.shape;
  } else {
    const list = typeof index === "number" ? [index] : index;
    for (let i = 0; i < list.length; i++)
      if (!Number.isInteger(list[i])) throw errors.indicesFractional(what, list[i]!);
    values = Int32Array.from(list);
    shape = typeof index === "number" ? noDimensions : [list.length];
  }
  let wrapped: Int32Array | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= 0 && v < size) continue;
    if (v < -size || v >= size) throw errors.indexOutOfRange(v, what, size);
    if (!wrapped) {
      wrapped = allocateInt32(values.length, false);
      wrapped.set(values);
    }
    wrapped[i] = v + size;
  }
  return [wrapped ?? (values as Int32Array), shape];
}

defineMethods({
  index(rows, cols) {
    return index(this, rows, cols);
  },
});
