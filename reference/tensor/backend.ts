/**
 * The kernel boundary: every loop over a tensor's elements, as one interface. Two backends
 * implement it: the plain TypeScript loops (plain/), which run everywhere and are meant to be
 * read, and the WebAssembly ones (wasm/), which run the hot kernels with SIMD on float32
 * arrays in the module's memory and hand everything else to their plain twins. kernels.ts
 * chooses one; the ops call `kernels.matmul(...)` and never know which.
 *
 * Arrays are row-major. `out` is written whole unless a kernel says it adds to it; sizes come
 * in the order the comment gives them.
 */
import type { Float32Memory, Storage } from "./storage.ts";

export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow";
export type UnaryOp =
  | "neg"
  | "exp"
  | "log"
  | "tanh"
  | "relu"
  | "abs"
  | "sqrt"
  | "log10"
  | "sigmoid";

export interface Backend {
  readonly name: "ts" | "wasm";
  /** Where float32 tensors live for these kernels, or null for ordinary arrays. */
  readonly memory: Float32Memory | null;

  // ——— elementwise ———

  /** out = a op b, with b (and a) broadcast to `outShape`; a one-element b of no dimensions is a number. */
  binary(
    op: BinaryOp,
    a: Storage,
    aShape: readonly number[],
    b: Storage,
    bShape: readonly number[],
    out: Storage,
    outShape: readonly number[],
  ): void;
  /** out = op(a), elementwise. */
  unary(op: UnaryOp, a: Storage, out: Storage): void;
  /** out = g · op'(x), from the input x or the output y = op(x), whichever is cheaper. */
  unaryBackward(op: UnaryOp, x: Storage, y: Storage, g: Storage, out: Storage): void;
  /** out = a · factor */
  scale(a: Storage, factor: number, out: Storage): void;
  /** Copies `a` into `out` of another dtype; floats become integers by truncation, as in PyTorch. */
  convert(a: Storage, out: Storage): void;
  /** target += source summed down to target's shape, which source was broadcast from: gradients of broadcasts. */
  sumToShape(
    source: Storage,
    sourceShape: readonly number[],
    target: Storage,
    targetShape: readonly number[],
  ): void;

  // ——— over one dimension: the tensor seen as [outer, size, inner] (see sizesAroundDim) ———

  /** Sums over the middle dimension, accumulated in float64. */
  sumDim(a: Storage, outer: number, size: number, inner: number, out: Storage): void;
  /** The same sums in PyTorch 1.13's order, each addition rounded to the dtype (plain/cascade.ts). */
  cascadeSumDim(a: Storage, outer: number, size: number, inner: number, out: Storage): void;
  /** The gradient of sumDim: each input element gets its output's gradient, divided by `divisor` (a mean's n, as PyTorch's g / n). */
  expandDim(
    g: Storage,
    outer: number,
    size: number,
    inner: number,
    out: Storage,
    divisor?: number,
  ): void;
  /**
   * Variance over the middle dimension in float64 arithmetic, as PyTorch computes it: the
   * squared deviations from the mean, summed and divided by `divisor` (n − correction); its
   * square root when `root` (std). Rounded once, to out's type.
   */
  varianceDim(
    a: Storage,
    outer: number,
    size: number,
    inner: number,
    divisor: number,
    root: boolean,
    out: Storage,
  ): void;
  /** The gradient of varianceDim: g · 2(x − mean) / divisor for every element. */
  varianceDimBackward(
    a: Storage,
    means: Storage,
    g: Storage,
    outer: number,
    size: number,
    inner: number,
    divisor: number,
    out: Storage,
  ): void;
  /** Maximum over the middle dimension, with the index of the first maximum (NaN wins, as in torch). */
  maxDim(
    a: Storage,
    outer: number,
    size: number,
    inner: number,
    values: Storage,
    indices: Int32Array,
  ): void;
  /** The gradient of maxDim: out (zeroed) += each gradient at the index of its maximum. */
  maxDimBackward(
    g: Storage,
    indices: Int32Array,
    outer: number,
    size: number,
    inner: number,
    out: Storage,
  ): void;
  /** The gradient of the maximum of all elements: `g` shared evenly by every element equal to `max`. */
  evenlyToMaxima(a: Storage, max: number, g: number, out: Storage): void;

  // ——— matrix products ———

  /** out (m×n) = a (m×k) · b (k×n) */
  matmul(a: Storage, b: Storage, out: Storage, m: number, k: number, n: number): void;
  /** out (m×k) += g (m×n) · bᵀ for b (k×n): the gradient of a in a·b; with `accumulate` false, out is overwritten. */
  matmulTransposeB(
    g: Storage,
    b: Storage,
    out: Storage,
    m: number,
    n: number,
    k: number,
    accumulate?: boolean,
  ): void;
  /** out (k×n) += aᵀ · g for a (m×k), g (m×n): the gradient of b in a·b; with `accumulate` false, out is overwritten. */
  matmulTransposeA(
    a: Storage,
    g: Storage,
    out: Storage,
    m: number,
    k: number,
    n: number,
    accumulate?: boolean,
  ): void;
  /** out (n×m) = aᵀ for a (m×n) */
  transpose(a: Storage, out: Storage, m: number, n: number): void;

  // ——— rows: indexing, softmax, cross-entropy ———

  /** out[i] = row indices[i] of `table` (rows of `width`): the embedding lookup C[X]. */
  gatherRows(table: Storage, indices: Int32Array, width: number, out: Storage): void;
  /** The gradient of gatherRows: out (the table's gradient) += each row's gradient, at the row it came from. */
  scatterAddRows(g: Storage, indices: Int32Array, width: number, out: Storage): void;
  /** `P[rows, cols]` as flat positions row · width + col, rows and cols broadcast to `shape`. */
  flatPairIndices(
    rows: Storage,
    rowsShape: readonly number[],
    cols: Storage,
    colsShape: readonly number[],
    shape: readonly number[],
    width: number,
    out: Int32Array,
  ): void;
  /** Softmax of each row of `width`, stable (the row's max subtracted first). */
  softmaxRows(a: Storage, width: number, out: Storage): void;
  /** The gradient of softmax from its output y: out += y · (g - Σ g·y), row by row. */
  softmaxRowsBackward(y: Storage, g: Storage, width: number, out: Storage): void;
  /**
   * Layer norm of each row of `width`: (x - mean) / sqrt(var + eps) · weight + bias, with the
   * biased variance; each row's mean and 1/sqrt(var + eps) are written to `mean` and `rstd`
   * for the backward pass.
   */
  layerNormRows(
    x: Storage,
    weight: Storage,
    bias: Storage,
    width: number,
    eps: number,
    out: Storage,
    mean: Storage,
    rstd: Storage,
  ): void;
  /**
   * The gradients of layerNormRows from g: dx written whole, dweight = Σ g·x̂ and
   * dbias = Σ g over the rows, written whole.
   */
  layerNormRowsBackward(
    x: Storage,
    weight: Storage,
    mean: Storage,
    rstd: Storage,
    g: Storage,
    width: number,
    dx: Storage,
    dweight: Storage,
    dbias: Storage,
  ): void;
  /** The mean cross-entropy of rows of logits against target classes; leaves softmax(logits) in `probs`. */
  crossEntropyForward(
    logits: Storage,
    targets: Int32Array,
    width: number,
    probs: Float32Array | Float64Array,
  ): number;
  /** out = (probs - one-hot(targets)) / rows · scaleBy: the gradient of the mean loss, times the loss's gradient. */
  crossEntropyBackward(
    probs: Float32Array | Float64Array,
    targets: Int32Array,
    width: number,
    scaleBy: number,
    out: Storage,
  ): void;
}
