/**
 * The staging area: room in the module's memory for copies of ordinary float32 arrays (made
 * when the pool was full, or while the plain kernels were chosen), so that the WebAssembly
 * kernels serve them too, and for the integer indices a kernel reads.
 */
import type { WasmAllocator } from "./allocator.ts";

/** Floats of room for copies: what does not fit runs in the plain kernels instead. */
export const STAGING_FLOATS = 1 << 20;

export class Staging {
  private readonly area: Float32Array;
  private used = 0;
  /** The ordinary arrays the kernel about to run writes, and where their copies are. */
  private readonly written: { array: Float32Array; at: number }[] = [];
  private indices: Int32Array | null = null;

  constructor(private readonly allocator: WasmAllocator) {
    const address = allocator.reserve(STAGING_FLOATS * 4 + 128);
    this.area = new Float32Array(allocator.buffer, address, STAGING_FLOATS);
  }

  /**
   * The address a kernel should use for `array`: its own when it lives in the module's memory;
   * otherwise (an ordinary array) the address of a copy in the staging area, filled from it
   * when the kernel `reads` it and copied back to it by `finish()` when the kernel `writes` it.
   * -1 when neither works (not float32, or no room): the caller then runs the plain loop,
   * after `discard()`.
   */
  place(array: ArrayBufferView, reads: boolean, writes: boolean): number {
    const own = this.allocator.address(array);
    if (own >= 0 || !(array instanceof Float32Array)) return own;
    const address = this.scratch(array.length);
    if (address < 0) return -1;
    const at = (address - this.area.byteOffset) >> 2;
    if (reads) this.area.set(array, at);
    if (writes) this.written.push({ array, at });
    return address;
  }

  /** Room for `floats` floats in the staging area, until `finish()`: its address, or -1 when there is none. */
  scratch(floats: number): number {
    const at = this.used;
    const room = (floats + 3) & ~3; // 16-byte aligned, for SIMD loads
    if (at + room > STAGING_FLOATS) return -1;
    this.used += room;
    return this.area.byteOffset + at * 4;
  }

  /** Copies integer indices into the module's memory (one scratch area, reused); returns its address, or -1. */
  copyIndices(indices: Int32Array): number {
    if (!this.indices || this.indices.length < indices.length) {
      const length = Math.max(indices.length, 1024);
      const address = this.allocator.reserve(length * 4);
      if (address < 0) return -1;
      this.indices = new Int32Array(this.allocator.buffer, address, length);
    }
    this.indices.set(indices);
    return this.indices.byteOffset;
  }

  /** After a kernel ran: copies what it wrote back to the ordinary arrays, and empties the staging area. */
  finish(): void {
    for (let i = 0; i < this.written.length; i++) {
      const { array, at } = this.written[i]!;
      array.set(this.area.subarray(at, at + array.length));
    }
    this.discard();
  }

  /** Empties the staging area without copying anything back (the kernel did not run). */
  discard(): void {
    if (this.written.length > 0) this.written.length = 0; // (setting length costs, even to 0)
    this.used = 0;
  }
}
