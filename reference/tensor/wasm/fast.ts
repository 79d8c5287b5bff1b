/**
 * The switch between the plain loops of ../kernels.ts and the WebAssembly ones. Each function
 * here runs its kernel in WebAssembly and returns true when it can (the kernels are loaded and
 * the arrays are float32: in their memory, or ordinary ones copied through its staging area);
 * otherwise it returns false and the plain loop runs instead.
 */
import type { BinaryOp, Storage } from "../kernels.ts";
import { runtime, type WasmRuntime } from "./runtime.ts";

let active: WasmRuntime | null = runtime;

/** Which kernels run: "wasm" when loaded and chosen, else "ts". */
export function backend(): "ts" | "wasm" {
  return active ? "wasm" : "ts";
}

/** Chooses the kernels (tests compare the two); "wasm" needs them loaded. */
export function useKernels(kind: "ts" | "wasm"): void {
  if (kind === "wasm" && !runtime)
    throw new Error(
      "The WebAssembly kernels are not loaded (GRADLINGS_KERNELS=ts, or the build failed).",
    );
  active = kind === "wasm" ? runtime : null;
}

/** One scope's allocations: `ended` once its memory has gone back to the pool. */
export interface Lease {
  ended: boolean;
  readonly blocks: (Float32Array | Int32Array)[];
}

const scopes: Lease[] = [];
const leases = new WeakMap<ArrayBufferView, Lease>();

/** A zeroed float32 array, in the kernels' memory when they are in use; leased to the open scope, if any. */
export function allocateFloat32(length: number, zeroed = true): Float32Array {
  const lease = scopes[scopes.length - 1];
  if (!lease) return active?.allocateFloat32(length, zeroed) ?? new Float32Array(length);
  const storage =
    active?.allocateFloat32(length, zeroed, lease.blocks) ?? plainScoped(length, zeroed, lease);
  leases.set(storage, lease);
  return storage;
}

/**
 * An int32 array (index tensors), zeroed unless `zeroed` is false; leased to the open scope, if
 * any. A fresh typed array costs the engine far more than the few numbers in it, so a scope's
 * index arrays are reused by the next scope, as its float32 ones are.
 */
export function allocateInt32(length: number, zeroed = true): Int32Array {
  const lease = scopes[scopes.length - 1];
  if (!lease) return new Int32Array(length);
  let storage = intFree.get(length)?.pop();
  if (storage) {
    if (zeroed) storage.fill(0);
  } else storage = new Int32Array(length);
  lease.blocks.push(storage);
  leases.set(storage, lease);
  return storage;
}

/** Ordinary arrays released by ended scopes: float32 ones (when the WebAssembly memory is not in use) and int32 ones. */
const plainFree = new Map<number, Float32Array[]>();
const intFree = new Map<number, Int32Array[]>();

function plainScoped(length: number, zeroed: boolean, lease: Lease): Float32Array {
  let storage = plainFree.get(length)?.pop();
  if (storage) {
    if (zeroed) storage.fill(0);
  } else storage = new Float32Array(length);
  lease.blocks.push(storage);
  return storage;
}

function giveBack<T>(pool: Map<number, T[]>, length: number, array: T): void {
  let list = pool.get(length);
  if (!list) {
    list = [];
    pool.set(length, list);
  }
  list.push(array);
}

/** Gives a scope's arrays back to the pool each came from. */
function release(lease: Lease): void {
  lease.ended = true;
  const wasmViews: Float32Array[] = [];
  for (const view of lease.blocks) {
    if (view instanceof Int32Array) giveBack(intFree, view.length, view);
    else if (runtime && runtime.address(view) >= 0) wasmViews.push(view);
    else giveBack(plainFree, view.length, view);
  }
  runtime?.release(wasmViews);
}

/** The scope a storage belongs to, if it was allocated inside one. */
export function leaseOf(storage: ArrayBufferView): Lease | undefined {
  return leases.get(storage);
}

/**
 * Runs `fn` as a scope: float32 storage allocated inside goes back to the pool when it ends.
 * `keep` sees the result after the scope stopped leasing new storage but before its storage
 * is released, so it can copy out what must survive.
 */
export function withScope<T>(fn: () => T, keep: (result: T, lease: Lease) => T): T {
  const lease: Lease = { ended: false, blocks: [] };
  scopes.push(lease);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    endScope(lease);
    throw error;
  }
  scopes.pop();
  try {
    return keep(result, lease);
  } finally {
    release(lease);
  }
}

function endScope(lease: Lease): void {
  scopes.pop();
  release(lease);
}

const opCodes: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

export function binary(
  op: BinaryOp,
  a: Storage,
  b: Storage,
  bShape: readonly number[],
  out: Storage,
  outShape: readonly number[],
): boolean {
  const code = opCodes[op];
  if (!active || code === undefined || a.length !== out.length) return false;
  const scalar = b.length === 1 && b.length !== out.length;
  const width = outShape[outShape.length - 1] ?? 1;
  const row = !scalar && b.length !== out.length;
  if (row && !(b.length === width && bShape[bShape.length - 1] === width)) return false;
  const r = active;
  const pa = r.place(a, true, false);
  const pb = scalar ? 0 : r.place(b, true, false);
  const po = r.place(out, false, true);
  if (pa < 0 || pb < 0 || po < 0) {
    r.discard();
    return false;
  }
  if (scalar) r.exports.binaryScalar(code, pa, b[0]!, po, out.length);
  else if (row) r.exports.binaryRow(code, pa, pb, po, out.length / width, width);
  else r.exports.binarySame(code, pa, pb, po, out.length);
  r.finish();
  return true;
}

export function columnSums(source: Storage, width: number, target: Storage): boolean {
  if (!active) return false;
  const r = active;
  const ps = r.place(source, true, false);
  const pt = r.place(target, true, true);
  if (ps < 0 || pt < 0) {
    r.discard();
    return false;
  }
  r.exports.columnSums(ps, source.length / width, width, pt);
  r.finish();
  return true;
}

export function tanh(a: Storage, out: Storage): boolean {
  if (!active) return false;
  const r = active;
  const pa = r.place(a, true, false);
  const po = r.place(out, false, true);
  if (pa < 0 || po < 0) {
    r.discard();
    return false;
  }
  r.exports.tanh(pa, po, a.length);
  r.finish();
  return true;
}

export function tanhBackward(y: Storage, g: Storage, out: Storage): boolean {
  if (!active) return false;
  const r = active;
  const py = r.place(y, true, false);
  const pg = r.place(g, true, false);
  const po = r.place(out, false, true);
  if (py < 0 || pg < 0 || po < 0) {
    r.discard();
    return false;
  }
  r.exports.tanhBackward(py, pg, po, g.length);
  r.finish();
  return true;
}

type MatmulKernel = "matmul" | "matmulTransposeB" | "matmulTransposeA";

/** The three matrix products, with the sizes in the order the kernel of that name takes them. */
export function matmul(
  kernel: MatmulKernel,
  x: Storage,
  y: Storage,
  out: Storage,
  s0: number,
  s1: number,
  s2: number,
  accumulate = true,
): boolean {
  if (!active) return false;
  const r = active;
  const px = r.place(x, true, false);
  const py = r.place(y, true, false);
  const po = r.place(out, accumulate && kernel !== "matmul", true);
  if (px < 0 || py < 0 || po < 0) {
    r.discard();
    return false;
  }
  // g·bᵀ over short rows (n < 64): the dot products are too short to run well, so b is turned
  // over first and the product runs as matmul's.
  const byCopy = kernel === "matmulTransposeB" && !accumulate && s1 < 64;
  const scratch = byCopy ? r.scratch(s1 * s2) : -1;
  if (scratch >= 0) r.exports.matmulTransposeBByCopy(px, py, po, s0, s1, s2, scratch);
  else r.exports[kernel](px, py, po, s0, s1, s2, accumulate ? 1 : 0);
  r.finish();
  return true;
}

type RowKernel = "gatherRows" | "scatterAddRows";

/** Rows of a float32 table picked by index (or their gradients added back), in WebAssembly. */
export function rows(
  kernel: RowKernel,
  source: Storage,
  indices: Int32Array,
  width: number,
  out: Storage,
): boolean {
  if (!active) return false;
  const r = active;
  const ps = r.place(source, true, false);
  const po = r.place(out, kernel === "scatterAddRows", true);
  const pi = ps < 0 || po < 0 ? -1 : r.copyIndices(indices);
  if (pi < 0) {
    r.discard();
    return false;
  }
  r.exports[kernel](ps, pi, indices.length, width, po);
  r.finish();
  return true;
}

/** Cross-entropy's forward pass (see ../kernels.ts); null when it must run in TypeScript. */
export function crossEntropyForward(
  logits: Storage,
  targets: Int32Array,
  width: number,
  probs: Storage,
): number | null {
  if (!active) return null;
  const r = active;
  const pl = r.place(logits, true, false);
  const pp = r.place(probs, false, true);
  const pt = pl < 0 || pp < 0 ? -1 : r.copyIndices(targets);
  if (pt < 0) {
    r.discard();
    return null;
  }
  const loss = r.exports.crossEntropyForward(pl, pt, targets.length, width, pp);
  r.finish();
  return loss;
}

export function crossEntropyBackward(
  probs: Storage,
  targets: Int32Array,
  width: number,
  factor: number,
  out: Storage,
): boolean {
  if (!active) return false;
  const r = active;
  const pp = r.place(probs, true, false);
  const po = r.place(out, false, true);
  const pt = pp < 0 || po < 0 ? -1 : r.copyIndices(targets);
  if (pt < 0) {
    r.discard();
    return false;
  }
  r.exports.crossEntropyBackward(pp, pt, targets.length, width, factor, po);
  r.finish();
  return true;
}

/** The SIMD multiply-add loop the peak is measured with (64 operations an iteration), or null without the kernels. */
export function peakLoop(): ((iterations: number) => void) | null {
  return runtime ? runtime.exports.peak : null;
}
