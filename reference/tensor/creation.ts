/** Making tensors: from numbers, filled, ranges, random (PyTorch's generator), one-hot. */
import { fmaFloat32 } from "./avx2math.ts";
import { type DType, isFloating } from "./dtype.ts";
import * as errors from "./errors.ts";
import { fma } from "./libm.ts";
import { defaultGenerator, type Generator } from "./random.ts";
import { numelOf } from "./shape.ts";
import { allocate } from "./storage.ts";
import { type NestedNumbers, Tensor } from "./tensor.ts";

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

type Shape = number | readonly number[];

function shapeOf(shape: Shape): number[] {
  const dims = typeof shape === "number" ? [shape] : [...shape];
  for (const d of dims) if (!Number.isInteger(d) || d < 0) throw errors.shapeNotWhole(dims);
  return dims;
}

const int32Min = -(2 ** 31);
const int32Max = 2 ** 31 - 1;

/**
 * Integer tensors hold 32-bit numbers (int64 too: see allocate), so a whole number outside
 * [-2^31, 2^31 - 1] would wrap silently. This says so instead; `value` is already truncated.
 */
function checkInteger(value: number, dtype: DType, caller: string): void {
  if (value >= int32Min && value <= int32Max) return;
  throw errors.integerOutOfRange(caller, value, dtype);
}

/**
 * `tensor([[1, 2], [3, 4]])`: integers make an int64 tensor, any fraction a float32 one, and
 * booleans alone a bool one (a mask), as in PyTorch. JavaScript cannot tell 2.0 from 2, so with `requiresGrad` (which needs floats) and
 * no dtype the tensor is float32.
 */
export function tensor(data: NestedNumbers, options: TensorOptions = {}): Tensor {
  // The shape is read down the first elements; every list is then checked against it.
  const shape: number[] = [];
  let level: NestedNumbers = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] ?? 0;
  }
  const numbers = new Float64Array(numelOf(shape));
  let count = 0;
  let integers = typeof level !== "boolean";
  let booleans = typeof level === "boolean";
  const path: number[] = []; // where the walk is, for the error message
  const where = () => `data${path.map((i) => `[${i}]`).join("")}`;
  const walk = (node: NestedNumbers, depth: number): void => {
    if (depth === shape.length) {
      if (typeof node !== "number" && typeof node !== "boolean")
        throw errors.tensorDataNotNumber(where(), node);
      const value = Number(node);
      if (booleans && typeof node !== "boolean") booleans = false;
      if (integers && !Number.isInteger(value)) integers = false;
      numbers[count++] = value;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth])
      throw errors.tensorDataRagged(where(), node, shape[depth]!, shape);
    path.push(0);
    for (let i = 0; i < node.length; i++) {
      path[depth] = i;
      walk(node[i]!, depth + 1);
    }
    path.pop();
  };
  walk(data, 0);
  const dtype =
    options.dtype ??
    (booleans && count > 0
      ? "bool"
      : integers && count > 0 && !options.requiresGrad
        ? "int64"
        : "float32");
  const storage = allocate(dtype, count);
  if (isFloating(dtype)) storage.set(numbers);
  else
    for (let i = 0; i < count; i++) {
      const value = Math.trunc(numbers[i]!);
      checkInteger(value, dtype, "tensor()");
      storage[i] = value;
    }
  return new Tensor(storage, shape, dtype, options.requiresGrad ?? false);
}

export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  const dims = shapeOf(shape);
  const dtype = options.dtype ?? "float32";
  if (!isFloating(dtype)) checkInteger(Math.trunc(value), dtype, "full()");
  return new Tensor(
    allocate(dtype, numelOf(dims)).fill(value),
    dims,
    dtype,
    options.requiresGrad ?? false,
  );
}

/**
 * PyTorch's two ways to give a shape: one argument (`zeros([27, 27])`, `zeros(5)`) or the
 * sizes one by one (`zeros(27, 27)`, as torch.zeros(27, 27)), options last either way.
 */
function sizesAndOptions<O extends object>(
  shape: Shape,
  rest: readonly (number | O | undefined)[],
): [Shape, O] {
  if (typeof rest[0] !== "number") return [shape, (rest[0] as O | undefined) ?? ({} as O)];
  if (typeof shape !== "number") throw errors.shapeThenSizes(shape, rest[0]);
  const sizes = [shape];
  let i = 0;
  for (; typeof rest[i] === "number"; i++) sizes.push(rest[i] as number);
  return [sizes, (rest[i] as O | undefined) ?? ({} as O)];
}

/** Sizes one by one, as torch.zeros(27, 27): `zeros(27, 27)`, options last. */
type Sizes<O> = [number, number, ...number[]] | [number, number, ...number[], O];

export function zeros(shape: Shape, options?: TensorOptions): Tensor;
export function zeros(...sizes: Sizes<TensorOptions>): Tensor;
export function zeros(shape: Shape, ...rest: (number | TensorOptions | undefined)[]): Tensor {
  const [dims, options] = sizesAndOptions(shape, rest);
  return full(dims, 0, options);
}

export function ones(shape: Shape, options?: TensorOptions): Tensor;
export function ones(...sizes: Sizes<TensorOptions>): Tensor;
export function ones(shape: Shape, ...rest: (number | TensorOptions | undefined)[]): Tensor {
  const [dims, options] = sizesAndOptions(shape, rest);
  return full(dims, 1, options);
}

/** Zeros of `like`'s shape and dtype (unless options say another). */
export function zerosLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return full(like.shape, 0, { dtype: like.dtype, ...options });
}

/** Ones of `like`'s shape and dtype (unless options say another). */
export function onesLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return full(like.shape, 1, { dtype: like.dtype, ...options });
}

/**
 * `arange(5)` is 0..4; `arange(2, 5)` is 2, 3, 4 (int64 when every argument is whole, else
 * float32). Like torch.arange, a zero step, an infinite bound, or a step that walks away from
 * the end (`arange(5, 0)`) is an error.
 */
export function arange(startOrEnd: number, end?: number, step = 1): Tensor {
  const [start, stop] = end === undefined ? [0, startOrEnd] : [startOrEnd, end];
  const call = `arange(${end === undefined ? stop : `${start}, ${stop}`}${step === 1 ? "" : `, ${step}`})`;
  if (!(step > 0 || step < 0)) throw errors.arangeZeroStep(call);
  if (!Number.isFinite(start) || !Number.isFinite(stop))
    throw errors.arangeInfinite(call, start, stop);
  if ((step > 0 && stop < start) || (step < 0 && stop > start))
    throw errors.arangeWrongWay(call, start, stop, step);
  const count = Math.ceil((stop - start) / step);
  const integral = [start, stop, step].every(Number.isInteger);
  const dtype: DType = integral ? "int64" : "float32";
  if (integral && count > 0) {
    checkInteger(start, dtype, call);
    checkInteger(start + (count - 1) * step, dtype, call);
  }
  const storage = allocate(dtype, count);
  for (let i = 0; i < count; i++) storage[i] = start + i * step;
  return new Tensor(storage, [count], dtype);
}

/** `steps` evenly spaced values from start to end, both included (as torch.linspace). */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options: TensorOptions = {},
): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw errors.linspaceSteps(start, end, steps);
  const dtype = options.dtype ?? "float32";
  const storage = allocate(dtype, steps);
  if (dtype === "float32" || dtype === "float64") {
    fillLinspace(storage as Float32Array | Float64Array, start, end, dtype);
    return new Tensor(storage, [steps], dtype, options.requiresGrad ?? false);
  }
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  // torch computes the second half from the end, so both ends are exact; one step is `start`.
  for (let i = 0; i < steps; i++) {
    const value = i < half || steps === 1 ? start + step * i : end - step * (steps - 1 - i);
    checkInteger(Math.trunc(value), dtype, "linspace()");
    storage[i] = value;
  }
  return new Tensor(storage, [steps], dtype, options.requiresGrad ?? false);
}

/**
 * linspace in float32 or float64 as PyTorch 1.13's x86 (AVX2) kernel computes it, every step in
 * the dtype: step = (end - start)/(steps - 1); element i is start + step·i in the first half and
 * end - step·(steps - 1 - i) in the second, each one fused multiply-add (one rounding). It fills
 * pairs of vectors (8 float32s or 4 float64s each): a vector takes its first element's formula
 * and adds k·step (rounded, then added) for the lanes after it; the last elements, past the
 * pairs, are computed one by one. (PyTorch splits more than 32,768 elements among its threads,
 * each starting its own pairs: those are this kit's numbers with one thread.)
 */
function fillLinspace(
  out: Float32Array | Float64Array,
  start: number,
  end: number,
  dtype: "float32" | "float64",
): void {
  const steps = out.length;
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  const fused = dtype === "float32" ? fmaFloat32 : fma;
  const first = round(start);
  const last = round(end);
  if (steps === 1) {
    out[0] = first;
    return;
  }
  const step = round(round(last - first) / (steps - 1));
  const half = Math.floor(steps / 2);
  const at = (i: number) => (i < half ? fused(step, i, first) : fused(-step, steps - 1 - i, last));
  const lanes = dtype === "float32" ? 8 : 4;
  let i = 0;
  for (; i + 2 * lanes <= steps; i += 2 * lanes) {
    for (const v of [i, i + lanes]) {
      const base = at(v);
      out[v] = base;
      for (let k = 1; k < lanes; k++) out[v + k] = round(base + round(k * step));
    }
  }
  for (; i < steps; i++) out[i] = at(i);
}

function floatingDType(options: TensorOptions, caller: string): "float32" | "float64" {
  const dtype = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") throw errors.notFloatingDType(caller, dtype);
  return dtype;
}

/** Standard normals, drawn exactly as torch.randn draws them from the same generator. */
export function randn(shape: Shape, options?: RandomOptions): Tensor;
export function randn(...sizes: Sizes<RandomOptions>): Tensor;
export function randn(shape: Shape, ...rest: (number | RandomOptions | undefined)[]): Tensor {
  const [given, options] = sizesAndOptions(shape, rest);
  const dims = shapeOf(given);
  const dtype = floatingDType(options, "randn");
  const g = options.generator ?? defaultGenerator;
  const storage = allocate(dtype, numelOf(dims));
  if (storage instanceof Float64Array) g.fillNormalFloat64(storage);
  else g.fillNormalFloat32(storage as Float32Array);
  return new Tensor(storage, dims, dtype, options.requiresGrad ?? false);
}

/** Uniform in [0, 1), element by element from the generator. */
export function rand(shape: Shape, options?: RandomOptions): Tensor;
export function rand(...sizes: Sizes<RandomOptions>): Tensor;
export function rand(shape: Shape, ...rest: (number | RandomOptions | undefined)[]): Tensor {
  const [given, options] = sizesAndOptions(shape, rest);
  const dims = shapeOf(given);
  const dtype = floatingDType(options, "rand");
  const g = options.generator ?? defaultGenerator;
  const storage = allocate(dtype, numelOf(dims));
  for (let i = 0; i < storage.length; i++)
    storage[i] = dtype === "float64" ? g.uniformFloat64() : g.uniformFloat32();
  return new Tensor(storage, dims, dtype, options.requiresGrad ?? false);
}

/**
 * Integers in [low, high): low + (one 32-bit draw mod the range), as torch.randint (which takes
 * a 64-bit draw when the range is 2^32 or more).
 */
export function randint(
  low: number,
  high: number,
  shape: Shape,
  options: RandomOptions = {},
): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw errors.randintNotWhole(low, high);
  if (!(high > low)) throw errors.randintEmptyRange(low, high);
  checkInteger(low, "int64", "randint");
  checkInteger(high - 1, "int64", "randint");
  const dims = shapeOf(shape);
  const g = options.generator ?? defaultGenerator;
  const range = high - low;
  const storage = allocate("int64", numelOf(dims), false);
  if (range < 2 ** 32)
    for (let i = 0; i < storage.length; i++) storage[i] = low + (g.nextUint32() % range);
  else
    for (let i = 0; i < storage.length; i++)
      storage[i] = low + Number(g.nextUint64() % BigInt(range));
  return new Tensor(storage, dims, "int64");
}

export interface MultinomialOptions {
  replacement?: boolean;
  generator?: Generator;
  /**
   * Which PyTorch to follow. "cdf" (the default) is the PyTorch the lectures used: with
   * replacement, a running sum of the probabilities in their own dtype (float32 for float32)
   * and one float64 uniform per sample; without replacement, the exponential method (PyTorch
   * has sampled that way since 1.6). "exponential" is newer PyTorch releases, which also use
   * the exponential method for a single sample with replacement; more samples with
   * replacement still take the cdf. The exponential method is argmax (or, for several samples,
   * the top k in order) of p / q, q drawn from exponential(1): PyTorch's algorithm, with q drawn
   * as its plain CPU build draws it (its MKL and vectorised builds draw q another way).
   */
  method?: "cdf" | "exponential";
}

/** Draws `numSamples` category indices per row of (unnormalised) probabilities. */
export function multinomial(
  probs: Tensor,
  numSamples: number,
  options: MultinomialOptions = {},
): Tensor {
  if (probs.ndim !== 1 && probs.ndim !== 2) throw errors.multinomialShape(probs.shape);
  if (!Number.isInteger(numSamples) || numSamples < 1)
    throw errors.multinomialSampleCount(numSamples);
  if (!isFloating(probs.dtype)) throw errors.multinomialIntegerCounts(probs.dtype);
  const g = options.generator ?? defaultGenerator;
  const categories = probs.shape[probs.ndim - 1]!;
  const rows = probs.ndim === 2 ? probs.shape[0]! : 1;
  const replacement = options.replacement ?? false;
  if (!replacement && numSamples > categories)
    throw errors.multinomialTooManySamples(numSamples, categories);
  const out = new Int32Array(rows * numSamples);
  const exponential = !replacement || (options.method === "exponential" && numSamples === 1);
  if (exponential) sampleByExponential(probs, rows, categories, numSamples, g, out);
  else sampleByCdf(probs, rows, categories, numSamples, g, out);
  return new Tensor(out, probs.ndim === 2 ? [rows, numSamples] : [numSamples], "int64");
}

function checkProbability(v: number): void {
  if (!(v >= 0) || !Number.isFinite(v)) throw errors.multinomialBadProbability();
}

const exact = (x: number) => x;
/** Rounds a number as storing it in a tensor of `dtype` would: float32 rounds, float64 keeps it. */
const roundingOf = (dtype: DType) => (dtype === "float64" ? exact : Math.fround);

/**
 * PyTorch's CPU kernel for sampling with replacement, per row: a running sum of the raw values
 * in the probabilities' dtype, each entry divided by the total (in that dtype), the last set
 * to 1; then per sample one float64 uniform u and a binary search for the first entry >= u.
 */
function sampleByCdf(
  probs: Tensor,
  rows: number,
  categories: number,
  numSamples: number,
  g: Generator,
  out: Int32Array,
): void {
  const f = roundingOf(probs.dtype);
  const cdf =
    probs.dtype === "float64" ? new Float64Array(categories) : new Float32Array(categories);
  for (let r = 0; r < rows; r++) {
    const p = probs.storage.subarray(r * categories, (r + 1) * categories);
    let sum = 0;
    for (let j = 0; j < categories; j++) {
      const v = p[j]!;
      checkProbability(v);
      sum = f(sum + v);
      cdf[j] = sum;
    }
    if (!(sum > 0)) throw errors.multinomialZeroRow();
    for (let j = 0; j < categories; j++) cdf[j] = cdf[j]! / sum; // rounded by the store
    cdf[categories - 1] = 1;
    for (let s = 0; s < numSamples; s++) {
      const u = g.uniformFloat64();
      let lo = 0;
      let hi = categories;
      while (hi - lo > 0) {
        const mid = lo + ((hi - lo) >> 1);
        if (cdf[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      out[r * numSamples + s] = lo;
    }
  }
}

/**
 * The exponential method (Gumbel's trick): with q ~ exponential(1) per element, drawn for the
 * whole tensor in order, argmax of p / q is a sample from p, and the top k of p / q are k
 * samples without replacement. q and p / q are rounded to float32 for a float32 tensor.
 */
function sampleByExponential(
  probs: Tensor,
  rows: number,
  categories: number,
  numSamples: number,
  g: Generator,
  out: Int32Array,
): void {
  const n = rows * categories;
  const p = probs.storage;
  // PyTorch checks the whole tensor before it draws anything.
  for (let i = 0; i < n; i++) checkProbability(p[i]!);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < categories; j++) sum += p[r * categories + j]!;
    if (sum === 0) throw errors.multinomialZeroRow();
  }
  const f = roundingOf(probs.dtype);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = f(p[i]! / f(g.exponentialFloat64()));
  for (let r = 0; r < rows; r++) {
    const row = scores.subarray(r * categories, (r + 1) * categories);
    if (numSamples === 1) {
      let best = 0;
      for (let j = 1; j < categories; j++) if (row[j]! > row[best]!) best = j;
      out[r] = best;
    } else {
      // The top k, largest first (equal scores: the lower index first).
      const order = Array.from({ length: categories }, (_, j) => j);
      order.sort((a, b) => row[b]! - row[a]! || a - b);
      for (let s = 0; s < numSamples; s++) out[r * numSamples + s] = order[s]!;
    }
  }
}

/** One-hot rows for integer indices: shape [...idx.shape, classes], int64 like torch (use .float()). */
export function oneHot(indices: Tensor, classes?: number): Tensor {
  if (indices.dtype === "float32" || indices.dtype === "float64") throw errors.oneHotOfFloats();
  const n = indices.numel();
  // Left out (or -1), the classes are inferred as PyTorch infers them: the largest index + 1.
  let numClasses = classes ?? -1;
  if (numClasses === -1)
    for (let i = 0; i < n; i++) numClasses = Math.max(numClasses, indices.storage[i]! + 1);
  const storage = new Int32Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const k = indices.storage[i]!;
    if (k < 0 || k >= numClasses) throw errors.oneHotClassOutOfRange(k, numClasses);
    storage[i * numClasses + k] = 1;
  }
  return new Tensor(storage, [...indices.shape, numClasses], "int64");
}
