/**
 * The parity cases as tools/parity/generate.py writes them (test/data/parity/*.json), and
 * their tensors decoded: floats from the base64 of their little-endian bytes, so every bit
 * PyTorch produced is here, -0 and nan included.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const dataDir = join(import.meta.dirname, "..", "data", "parity");

/** A tensor as the generator writes it: floats as bits, integers and bools as numbers. */
export interface EncodedTensor {
  dtype: "float32" | "float64" | "int32" | "int64" | "bool";
  shape: number[];
  bits?: string;
  values?: number[];
}

export interface ParityCase {
  id: string;
  op: string;
  dtype?: string;
  args: Record<string, unknown>;
  inputs: Record<string, EncodedTensor>;
  requiresGrad?: string[];
  /** The outputs; or what PyTorch said when it refused; or the printed text. */
  expected: EncodedTensor[] | { error: string } | string;
  /** Per output, the gradient given to backward() (null: none, or a one-element loss). */
  upstream?: (EncodedTensor | null)[];
  grads?: Record<string, EncodedTensor>;
}

/** Which PyTorch computed a file: the build, the processor path, the BLAS. */
export interface ParityHeader {
  torch: string;
  debianPackage: string;
  cpuCapability: string;
  blas: string;
  blasPackage: string;
  threads: number;
  cpu: string;
  group: string;
}

export interface ParityGroup {
  header: ParityHeader;
  cases: ParityCase[];
}

/** Every group file, by name (random, elementwise, ...), in the generator's order where known. */
export function loadGroups(): Map<string, ParityGroup> {
  const order = [
    "random",
    "elementwise",
    "reductions",
    "matmul",
    "creation",
    "indexing",
    "shapes",
    "losses",
    "printing",
  ];
  const names = readdirSync(dataDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  const groups = new Map<string, ParityGroup>();
  for (const name of names)
    groups.set(
      name,
      JSON.parse(readFileSync(join(dataDir, `${name}.json`), "utf8")) as ParityGroup,
    );
  return groups;
}

function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** The elements of an encoded tensor, row-major: floats exactly as stored. */
export function elementsOf(t: EncodedTensor): Float32Array | Float64Array | number[] {
  if (t.bits === undefined) return t.values ?? [];
  // A fresh copy: Buffer.from may hand back a slice of a shared pool at any byte offset.
  const bytes = new Uint8Array(Buffer.from(t.bits, "base64"));
  return t.dtype === "float32" ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer);
}

/** Nested arrays of `flat` in `shape` (a number for a 0-dim shape), as tensor() takes them. */
export function nest<T>(flat: ArrayLike<T>, shape: readonly number[]): T | unknown[] {
  if (shape.length === 0) return flat[0]!;
  const build = (d: number, offset: number): unknown[] => {
    const size = shape[d]!;
    const stride = shape.slice(d + 1).reduce((p, s) => p * s, 1);
    return Array.from({ length: size }, (_, i) =>
      d === shape.length - 1 ? flat[offset + i] : build(d + 1, offset + i * stride),
    );
  };
  return build(0, 0);
}

/**
 * Args as the generator writes them, with the numbers JSON cannot spell ({"number": "-Infinity"})
 * turned back into numbers.
 */
export function decodeArgs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeArgs);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === "number" && typeof record["number"] === "string")
      return Number(record["number"]);
    return Object.fromEntries(keys.map((k) => [k, decodeArgs(record[k])]));
  }
  return value;
}
