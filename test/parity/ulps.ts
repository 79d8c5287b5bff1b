/**
 * How far a kit tensor is from PyTorch's, in units in the last place (ulps) of the dtype.
 * Two floats are as many ulps apart as there are representable values between them, so the
 * distance is the difference of their bit patterns once those are put in numeric order.
 * Identical bits (or two nans) are 0 ulps apart; any other difference counts at least 1,
 * so -0 against 0 is 1 ulp, not exact.
 */
import type { Tensor } from "#reference/tensor/index.ts";
import { type EncodedTensor, elementsOf } from "./data.ts";

/** What comparing one tensor found. */
export interface Distance {
  /** The largest distance of any element, in ulps (Infinity: a nan against a number, or a wrong dtype, shape or integer). */
  ulps: number;
  /** Elements compared, and how many were not bit for bit. */
  elements: number;
  off: number;
  /** Why the comparison failed outright, when it did (dtype or shape). */
  mismatch?: string;
}

/** A signed-magnitude float32 bit pattern as a position on the number line. */
function orderedFloat32(bits: number): number {
  return bits & 0x80000000 ? -(bits & 0x7fffffff) : bits;
}

const magnitude64 = 0x7fffffffffffffffn;

function orderedFloat64(bits: bigint): bigint {
  return bits & (1n << 63n) ? -(bits & magnitude64) : bits;
}

/** Flattens what tolist() returns (a number for a 0-dim tensor). */
function flatten(list: unknown): number[] {
  if (!Array.isArray(list)) return [list as number];
  const out: number[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const child of node) walk(child);
    else out.push(Number(node));
  };
  walk(list);
  return out;
}

/** The kit's elements through its public API: `tolist()` gives each element as a JavaScript number, exactly. */
export function kitElements(t: Tensor): number[] {
  return flatten(t.tolist());
}

export function distance(actual: Tensor, expected: EncodedTensor): Distance {
  const elements = expected.shape.reduce((p, s) => p * s, 1);
  const wrong = (mismatch: string): Distance => ({
    ulps: Infinity,
    elements,
    off: elements,
    mismatch,
  });
  if (actual.dtype !== expected.dtype)
    return wrong(`dtype ${actual.dtype}, PyTorch's is ${expected.dtype}`);
  if (
    actual.shape.length !== expected.shape.length ||
    actual.shape.some((s, i) => s !== expected.shape[i])
  )
    return wrong(`shape [${actual.shape.join(", ")}], PyTorch's is [${expected.shape.join(", ")}]`);
  const want = elementsOf(expected);
  const got = kitElements(actual);
  if (expected.dtype === "float32")
    return floatDistance(Float32Array.from(got), want as Float32Array);
  if (expected.dtype === "float64")
    return floatDistance(Float64Array.from(got), want as Float64Array);
  let off = 0;
  for (let i = 0; i < elements; i++) if (got[i] !== Number(want[i])) off++;
  return { ulps: off > 0 ? Infinity : 0, elements, off };
}

function floatDistance(
  got: Float32Array | Float64Array,
  want: Float32Array | Float64Array,
): Distance {
  let ulps = 0;
  let off = 0;
  for (let i = 0; i < want.length; i++) {
    const d = elementDistance(got, want, i);
    if (d > 0) off++;
    if (d > ulps) ulps = d;
  }
  return { ulps, elements: want.length, off };
}

function elementDistance(
  got: Float32Array | Float64Array,
  want: Float32Array | Float64Array,
  i: number,
): number {
  const a = got[i]!;
  const b = want[i]!;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (Object.is(a, b)) return 0;
  if (want instanceof Float32Array) {
    const bits = new Uint32Array(Float32Array.of(a, b).buffer);
    return Math.max(1, Math.abs(orderedFloat32(bits[0]!) - orderedFloat32(bits[1]!)));
  }
  const bits = new BigUint64Array(Float64Array.of(a, b).buffer);
  const d = orderedFloat64(bits[0]!) - orderedFloat64(bits[1]!);
  return Math.max(1, Number(d < 0n ? -d : d));
}

/** Combines the distances of a case's tensors: the worst element, and all elements counted. */
export function worst(distances: readonly Distance[]): Distance {
  const out: Distance = { ulps: 0, elements: 0, off: 0 };
  for (const d of distances) {
    out.ulps = Math.max(out.ulps, d.ulps);
    out.elements += d.elements;
    out.off += d.off;
    if (d.mismatch && !out.mismatch) out.mismatch = d.mismatch;
  }
  return out;
}
