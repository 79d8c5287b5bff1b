/**
 * Where a tensor's numbers live, and for how long. A tensor's storage is one contiguous typed
 * array (views share it): Float32Array for float32, Float64Array for float64, Int32Array for
 * both integer dtypes (the kit stores int64 in 32 bits).
 *
 * `scope(fn)` runs a piece of work, typically one training step, whose intermediate tensors
 * are not needed afterwards. Their memory goes back to a pool the moment the scope ends, so
 * the next step reuses the same memory, which the processor still has in its caches:
 *
 *   for (let i = 0; i < 200_000; i++) {
 *     const loss = scope(() => { ...forward, backward, update...; return loss.item(); });
 *   }
 *
 * Tensors made before the scope (the parameters) are untouched, and so are their in-place
 * updates. A tensor made inside and used after the scope ends is an error that says so; a
 * tensor returned by `fn` is copied out (without its graph) so it stays usable. Gradients
 * computed inside belong to the scope too: read them inside.
 *
 * float32 arrays come from the chosen backend's memory when it has one (the WebAssembly
 * kernels keep tensors in the module's memory, so they run on them in place: see kernels.ts).
 */
import type { DType } from "./dtype.ts";

export type Storage = Float32Array | Float64Array | Int32Array;

/** Free arrays (or blocks of memory) by size, handed out again before new ones are made. */
export class Pool<T> {
  private readonly free = new Map<number, T[]>();

  /** A free item of this size, if there is one. */
  take(size: number): T | undefined {
    return this.free.get(size)?.pop();
  }

  give(size: number, item: T): void {
    let list = this.free.get(size);
    if (!list) {
      list = [];
      this.free.set(size, list);
    }
    list.push(item);
  }
}

/** Memory a backend keeps float32 tensors in, so that its kernels use them where they are. */
export interface Float32Memory {
  /**
   * A float32 array of `length`, zeroed unless `zeroed` is false (the caller overwrites all of
   * it); `scoped` when it belongs to an open scope, which gives it back through `takeBack`.
   * Null when this memory has no room (the caller makes an ordinary array).
   */
  allocate(length: number, zeroed: boolean, scoped: boolean): Float32Array | null;
  /** Whether `array` lives in this memory. */
  owns(array: Float32Array): boolean;
  /** An array of an ended scope, to hand out again to the next scopes. */
  takeBack(array: Float32Array): void;
}

/** The chosen backend's memory (null: ordinary arrays), and every one that has been chosen. */
let memory: Float32Memory | null = null;
const memories: Float32Memory[] = [];

/** Makes float32 tensors in `next` from now on (kernels.ts calls this as it chooses a backend). */
export function useFloat32Memory(next: Float32Memory | null): void {
  memory = next;
  if (next && !memories.includes(next)) memories.push(next);
}

/** One scope's allocations: `ended` once its memory has gone back to the pool. */
export interface Lease {
  ended: boolean;
  readonly blocks: (Float32Array | Int32Array)[];
}

const scopes: Lease[] = [];
const leases = new WeakMap<ArrayBufferView, Lease>();
/** Ordinary arrays released by ended scopes: float32 ones (made while no backend memory had room, or none was chosen) and int32 ones. */
const plainFloat32 = new Pool<Float32Array>();
const int32 = new Pool<Int32Array>();

/** Zeroed storage; `zeroed = false` allows reused memory as it is, for outputs a kernel overwrites. */
export function allocate(dtype: DType, length: number, zeroed = true): Storage {
  if (dtype === "float32") return allocateFloat32(length, zeroed);
  if (dtype === "float64") return new Float64Array(length);
  return allocateInt32(length, zeroed);
}

/** A float32 array, in the backend's memory when it has room; leased to the open scope, if any. */
export function allocateFloat32(length: number, zeroed = true): Float32Array {
  const lease = scopes[scopes.length - 1];
  if (!lease) return memory?.allocate(length, zeroed, false) ?? new Float32Array(length);
  const storage =
    memory?.allocate(length, zeroed, true) ?? reused(plainFloat32, Float32Array, length, zeroed);
  lease.blocks.push(storage);
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
  const storage = reused(int32, Int32Array, length, zeroed);
  lease.blocks.push(storage);
  leases.set(storage, lease);
  return storage;
}

function reused<T extends Float32Array | Int32Array>(
  pool: Pool<T>,
  make: new (length: number) => T,
  length: number,
  zeroed: boolean,
): T {
  const storage = pool.take(length);
  if (!storage) return new make(length);
  if (zeroed) storage.fill(0);
  return storage;
}

/** The scope a storage belongs to, if it was allocated inside one. */
export function leaseOf(storage: ArrayBufferView): Lease | undefined {
  return leases.get(storage);
}

/** Gives a scope's arrays back to the pool each came from. */
function release(lease: Lease): void {
  lease.ended = true;
  for (const block of lease.blocks) {
    if (block instanceof Int32Array) int32.give(block.length, block);
    else giveBackFloat32(block);
  }
}

function giveBackFloat32(block: Float32Array): void {
  for (const owner of memories)
    if (owner.owns(block)) {
      owner.takeBack(block);
      return;
    }
  plainFloat32.give(block.length, block);
}

/**
 * The method by which a value returned from scope() outlives it: a copy of what the scope
 * owns (a tensor made inside gives a copy of itself), or the value as it is.
 */
export const outliveScope: unique symbol = Symbol("outliveScope");

interface OutlivesScope {
  [outliveScope](lease: Lease): unknown;
}

function outlivesScope(value: unknown): value is OutlivesScope {
  return typeof value === "object" && value !== null && outliveScope in value;
}

export function scope<T>(fn: () => T): T {
  const lease: Lease = { ended: false, blocks: [] };
  scopes.push(lease);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    scopes.pop();
    release(lease);
    throw error;
  }
  // No longer leasing new storage, but not yet released: the result can be copied out.
  scopes.pop();
  try {
    return outlivesScope(result) ? (result[outliveScope](lease) as T) : result;
  } finally {
    release(lease);
  }
}
