/**
 * The allocator of the WebAssembly module's memory: float32 tensors live there, in 16-byte
 * aligned blocks, so the kernels read and write them in place, without copies.
 *
 * Lifetimes: a block made outside any scope goes back to the pool only after the typed array
 * over it has been garbage-collected (a FinalizationRegistry tells us), so a tensor a program
 * keeps can never see its numbers reused. Collection is reported when the event loop gets a
 * turn; a long synchronous loop therefore grows the pool until LIMIT_BYTES, and from then on
 * new tensors live in ordinary arrays (storage.ts makes them), which the kernels reach by copy.
 *
 * Inside `scope(fn)` (see ../storage.ts) blocks follow the scope instead: they all come back
 * when it ends, ready for the next scope at once, so a training step reuses the same
 * (cache-warm) memory every time.
 *
 * The memory is shared (a SharedArrayBuffer), so growing it never detaches the typed arrays
 * already handed out: they stay valid views of the same bytes.
 */
import { type Float32Memory, Pool } from "../storage.ts";

/** The part of WebAssembly.Memory used here (the project's type libraries do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

const PAGE = 65536;
/** Beyond this the pool stops growing and new float32 tensors are ordinary arrays. */
export const LIMIT_BYTES = 1 << 28;
/** Tensors of at most this many floats, made outside a scope, get new pool memory only below SMALL_POOL_BYTES. */
export const SMALL_FLOATS = 1 << 16;
export const SMALL_POOL_BYTES = 1 << 25;
/** Spare bytes past the last block: kernels may read (never use) up to 15 floats past a row. */
const SPARE_BYTES = 128;

export class WasmAllocator implements Float32Memory {
  private current: ArrayBufferLike;
  /** Every buffer object the memory has had: views made before a growth keep the old one. */
  private readonly buffers = new Set<ArrayBufferLike>();
  /** Where the next new block starts: everything below is in use or waiting in a pool. */
  private top: number;
  /** Offsets of blocks whose arrays were garbage-collected, by the blocks' sizes in bytes. */
  private readonly collected = new Pool<number>();
  /** Arrays released by ended scopes, by length: reusable at once by the next scope. */
  private readonly scopeFree = new Pool<Float32Array>();
  private readonly registry = new FinalizationRegistry<[number, number]>(([offset, bytes]) =>
    this.collected.give(bytes, offset),
  );

  /** `heapBase` is where the module's own data ends (its exported heapBase()). */
  constructor(
    private readonly memory: WasmMemory,
    heapBase: number,
  ) {
    this.current = memory.buffer;
    this.buffers.add(this.current);
    this.top = (heapBase + 15) & ~15;
  }

  /** The memory's buffer as it is now (it changes when the memory grows). */
  get buffer(): ArrayBufferLike {
    return this.current;
  }

  /**
   * `bytes` for the runtime's own use (the staging area, the index scratch), never given back:
   * their address, or -1 when the memory cannot grow to hold them.
   */
  reserve(bytes: number): number {
    const end = this.top + bytes + SPARE_BYTES;
    if (end > this.current.byteLength && !this.grow(end)) return -1;
    const offset = this.top;
    this.top += bytes;
    return offset;
  }

  /**
   * A float32 array in the module's memory, zeroed unless the caller will overwrite all of it
   * (`zeroed = false`), or null when the pool is full (or `length` is 0). A `scoped` array
   * comes back through `takeBack` when its scope ends; any other, when it is collected.
   */
  allocate(length: number, zeroed: boolean, scoped: boolean): Float32Array | null {
    if (length === 0) return null;
    if (scoped) {
      // The arrays of ended scopes are handed out again as they are (no new view to make).
      const view = this.scopeFree.take(length);
      if (view) {
        if (zeroed) view.fill(0);
        return view;
      }
    }
    const bytes = (length * 4 + 15) & ~15; // 16-byte aligned blocks, for SIMD loads
    const reused = this.collected.take(bytes);
    let offset: number;
    if (reused !== undefined) {
      offset = reused;
    } else {
      // Small tensors outside any scope stop taking new memory early: in a loop without
      // scope() nearly all of them are garbage the pool cannot take back until the event loop
      // turns, and an ordinary array, copied through the staging area, is cheaper than a
      // block the pool must watch. Large ones may still grow the pool to its limit.
      if (!scoped && length <= SMALL_FLOATS && this.top > SMALL_POOL_BYTES) return null;
      const end = this.top + bytes + SPARE_BYTES;
      if (end > this.current.byteLength && !this.grow(end)) return null;
      offset = this.top;
      this.top += bytes;
    }
    const view = new Float32Array(this.current, offset, length);
    if (reused !== undefined && zeroed) view.fill(0);
    if (!scoped) this.registry.register(view, [offset, bytes]);
    return view;
  }

  takeBack(array: Float32Array): void {
    this.scopeFree.give(array.length, array);
  }

  owns(array: Float32Array): boolean {
    return this.address(array) >= 0;
  }

  /** The byte address of a float32 array in the module's memory, or -1 if it lives elsewhere. */
  address(storage: ArrayBufferView): number {
    // No array of the module's memory starts at byte 0 (that is below the heap), and reading
    // `.buffer` of a small ordinary array is slow: V8 keeps its elements inside the object and
    // must move them out to make a buffer (a third of the time of a sampling loop went there).
    if (!(storage instanceof Float32Array) || storage.byteOffset === 0) return -1;
    const buffer = storage.buffer;
    return buffer === this.current || this.buffers.has(buffer) ? storage.byteOffset : -1;
  }

  /** Bytes of the pool in use or waiting for reuse (for tests and curiosity). */
  poolBytes(): number {
    return this.top;
  }

  private grow(needed: number): boolean {
    if (needed > LIMIT_BYTES) return false;
    const current = this.current.byteLength;
    // Double, so that growths are rare.
    const wanted = Math.min(Math.max(needed, 2 * current), LIMIT_BYTES);
    this.memory.grow(Math.ceil((wanted - current) / PAGE));
    this.current = this.memory.buffer;
    this.buffers.add(this.current);
    return true;
  }
}
