/** Making tensors: from numbers, filled, ranges, random (PyTorch's generator), one-hot. */
import { defaultGenerator, type Generator } from "./random.ts";
import { allocate, type DType, isFloating, type NestedNumbers, numelOf, Tensor } from "./tensor.ts";

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
  for (const d of dims)
    if (!Number.isInteger(d) || d < 0)
      throw new Error(`A shape needs whole, non-negative sizes, not [${dims.join(", ")}].`);
  return dims;
}

/** `tensor([[1, 2], [3, 4]])`: integers make an int64 tensor, any fraction a float32 one, as in PyTorch. */
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
  const path: number[] = []; // where the walk is, for the error message
  const where = () => `data${path.map((i) => `[${i}]`).join("")}`;
  const walk = (node: NestedNumbers, depth: number): void => {
    if (depth === shape.length) {
      if (typeof node !== "number" && typeof node !== "boolean")
        throw new Error(
          `tensor() takes numbers in nested lists, but ${where()} is ${Array.isArray(node) ? "a list where a number belongs (the lists are ragged)" : `a ${typeof node}`}.`,
        );
      const value = Number(node);
      if (integers && !Number.isInteger(value)) integers = false;
      numbers[count++] = value;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth])
      throw new Error(
        `tensor() needs nested lists of equal lengths, but ${where()} is ${Array.isArray(node) ? `a list of ${node.length}` : "a number"} where the first has ${shape[depth]} (the shape would be [${shape.join(", ")}]).`,
      );
    path.push(0);
    for (let i = 0; i < node.length; i++) {
      path[depth] = i;
      walk(node[i]!, depth + 1);
    }
    path.pop();
  };
  walk(data, 0);
  const dtype = options.dtype ?? (integers && count > 0 ? "int64" : "float32");
  const storage = allocate(dtype, count);
  if (isFloating(dtype)) storage.set(numbers);
  else for (let i = 0; i < count; i++) storage[i] = Math.trunc(numbers[i]!);
  return new Tensor(storage, shape, dtype, options.requiresGrad ?? false);
}

export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  const dims = shapeOf(shape);
  const dtype = options.dtype ?? "float32";
  return new Tensor(
    allocate(dtype, numelOf(dims)).fill(value),
    dims,
    dtype,
    options.requiresGrad ?? false,
  );
}

export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** `arange(5)` is 0..4; `arange(2, 5)` is 2, 3, 4 (int64). */
export function arange(startOrEnd: number, end?: number, step = 1): Tensor {
  const [start, stop] = end === undefined ? [0, startOrEnd] : [startOrEnd, end];
  const count = Math.max(0, Math.ceil((stop - start) / step));
  const integral = [start, stop, step].every(Number.isInteger);
  const dtype: DType = integral ? "int64" : "float32";
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
  const dtype = options.dtype ?? "float32";
  const storage = allocate(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  // torch computes the second half from the end, so both ends are exact.
  for (let i = 0; i < steps; i++)
    storage[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  return new Tensor(storage, [steps], dtype, options.requiresGrad ?? false);
}

/** Standard normals, drawn exactly as torch.randn draws them from the same generator. */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  const dims = shapeOf(shape);
  const dtype = options.dtype ?? "float32";
  const storage = allocate(dtype, numelOf(dims)) as Float32Array | Float64Array;
  (options.generator ?? defaultGenerator).fillNormalFloat32(storage);
  return new Tensor(storage, dims, dtype, options.requiresGrad ?? false);
}

/** Uniform in [0, 1), element by element from the generator. */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  const dims = shapeOf(shape);
  const dtype = options.dtype ?? "float32";
  const g = options.generator ?? defaultGenerator;
  const storage = allocate(dtype, numelOf(dims));
  for (let i = 0; i < storage.length; i++)
    storage[i] = dtype === "float64" ? g.uniformFloat64() : g.uniformFloat32();
  return new Tensor(storage, dims, dtype, options.requiresGrad ?? false);
}

/** Integers in [low, high): low + (one 32-bit draw mod the range), as torch.randint. */
export function randint(
  low: number,
  high: number,
  shape: Shape,
  options: RandomOptions = {},
): Tensor {
  if (!(high > low)) throw new Error(`randint needs low < high, not ${low} and ${high}.`);
  const dims = shapeOf(shape);
  const g = options.generator ?? defaultGenerator;
  const range = high - low;
  const storage = allocate("int64", numelOf(dims), false);
  for (let i = 0; i < storage.length; i++) storage[i] = low + (g.nextUint32() % range);
  return new Tensor(storage, dims, "int64");
}

export interface MultinomialOptions {
  replacement?: boolean;
  generator?: Generator;
  /**
   * "cdf" (the default) is the sampler of the PyTorch the lectures used: a float32 running sum
   * and one float64 uniform per sample. "exponential" is the one-sample method of newer releases.
   */
  method?: "cdf" | "exponential";
}

/** Draws `numSamples` category indices per row of (unnormalised) probabilities. */
export function multinomial(
  probs: Tensor,
  numSamples: number,
  options: MultinomialOptions = {},
): Tensor {
  if (probs.ndim !== 1 && probs.ndim !== 2)
    throw new Error(
      `multinomial needs a 1-D or 2-D tensor of probabilities, not shape [${probs.shape.join(", ")}].`,
    );
  const g = options.generator ?? defaultGenerator;
  const categories = probs.shape[probs.ndim - 1]!;
  const rows = probs.ndim === 2 ? probs.shape[0]! : 1;
  if (!options.replacement && numSamples > categories)
    throw new Error(
      `Cannot draw ${numSamples} samples without replacement from ${categories} categories.`,
    );
  const out = new Int32Array(rows * numSamples);
  const f = Math.fround;
  for (let r = 0; r < rows; r++) {
    const p = Array.from(probs.storage.subarray(r * categories, (r + 1) * categories));
    if (p.some((v) => !(v >= 0) || !Number.isFinite(v)))
      throw new Error(
        "multinomial: probabilities must be finite and non-negative (found a negative, NaN or infinite one).",
      );
    for (let s = 0; s < numSamples; s++) {
      const total = p.reduce((a, b) => a + b, 0);
      if (!(total > 0))
        throw new Error(
          "multinomial: the probabilities of a row sum to zero, so nothing can be drawn.",
        );
      let chosen: number;
      if (options.method === "exponential") {
        let best = -1;
        chosen = 0;
        for (let j = 0; j < categories; j++) {
          const q = -Math.log(1 - g.uniformFloat64());
          const score = p[j]! / q;
          if (score > best) {
            best = score;
            chosen = j;
          }
        }
      } else {
        // A float32 running sum of the normalised probabilities, the last forced to 1.
        const cdf = new Float32Array(categories);
        let running = 0;
        for (let j = 0; j < categories; j++) {
          running = f(running + f(p[j]! / total));
          cdf[j] = running;
        }
        cdf[categories - 1] = 1;
        const u = g.uniformFloat64();
        let lo = 0;
        let hi = categories;
        while (hi - lo > 0) {
          const mid = lo + ((hi - lo) >> 1);
          if (cdf[mid]! < u) lo = mid + 1;
          else hi = mid;
        }
        chosen = lo;
      }
      out[r * numSamples + s] = chosen;
      if (!options.replacement) p[chosen] = 0;
    }
  }
  return new Tensor(out, probs.ndim === 2 ? [rows, numSamples] : [numSamples], "int64");
}

/** One-hot rows for integer indices: shape [...idx.shape, numClasses], int64 like torch (use .float()). */
export function oneHot(indices: Tensor, numClasses: number): Tensor {
  if (indices.dtype === "float32" || indices.dtype === "float64")
    throw new Error("oneHot needs integer indices (int64), not floats.");
  const n = indices.numel();
  const storage = new Int32Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const k = indices.storage[i]!;
    if (k < 0 || k >= numClasses)
      throw new Error(`Class ${k} is out of range for oneHot with ${numClasses} classes.`);
    storage[i * numClasses + k] = 1;
  }
  return new Tensor(storage, [...indices.shape, numClasses], "int64");
}
