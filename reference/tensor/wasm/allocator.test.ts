/**
 * The allocator of the WebAssembly memory, on a memory of its own (no kernels needed):
 * aligned, separate, zeroed blocks; scoped arrays handed out again as they are; views that
 * survive the memory's growth; and the limits that send tensors to ordinary arrays.
 */
import { describe, expect, test } from "vitest";
import { Pool } from "../storage.ts";
import { LIMIT_BYTES, SMALL_FLOATS, SMALL_POOL_BYTES, WasmAllocator } from "./allocator.ts";
import type { WasmApi } from "./runtime.ts";

const { Memory } = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** An allocator over a fresh shared memory of one page, whose heap starts at byte 1000. */
function fresh(): WasmAllocator {
  return new WasmAllocator(new Memory({ initial: 1, maximum: 65536, shared: true }), 1000);
}

describe("blocks", () => {
  test("are 16-byte aligned, do not overlap, start zeroed, and belong to the allocator", () => {
    const allocator = fresh();
    const arrays = [1, 3, 4, 5, 17, 100].map((n) => allocator.allocate(n, true, false)!);
    let end = 0;
    for (const a of arrays) {
      expect(a.byteOffset % 16).toBe(0);
      expect(a.byteOffset).toBeGreaterThanOrEqual(Math.max(end, 1000));
      end = a.byteOffset + a.byteLength;
      expect([...a].every((x) => x === 0)).toBe(true);
      expect(allocator.owns(a)).toBe(true);
      expect(allocator.address(a)).toBe(a.byteOffset);
    }
  });

  test("ordinary arrays, other memories' arrays and empty requests are not its own", () => {
    const allocator = fresh();
    expect(allocator.owns(new Float32Array(8))).toBe(false);
    expect(allocator.owns(fresh().allocate(8, true, false)!)).toBe(false);
    expect(allocator.address(new Int32Array(8))).toBe(-1);
    expect(allocator.allocate(0, true, false)).toBeNull();
  });

  test("the memory's growth leaves earlier arrays valid and owned", () => {
    const allocator = fresh();
    const early = allocator.allocate(100, true, false)!;
    early.fill(3);
    const before = allocator.buffer;
    const big = allocator.allocate(50_000, true, false)!; // past the first page
    expect(allocator.buffer).not.toBe(before);
    big.fill(1);
    expect([...early].every((x) => x === 3)).toBe(true);
    expect(allocator.owns(early)).toBe(true);
    expect(allocator.owns(big)).toBe(true);
    expect(allocator.poolBytes()).toBeGreaterThanOrEqual(big.byteOffset + big.byteLength);
  });

  test("reserved room is never handed out as a block", () => {
    const allocator = fresh();
    const at = allocator.reserve(4096);
    const next = allocator.allocate(4, true, false)!;
    expect(next.byteOffset).toBeGreaterThanOrEqual(at + 4096);
  });
});

describe("scopes", () => {
  test("a scoped array comes back through takeBack and goes, as it is, to the next scoped request of its length", () => {
    const allocator = fresh();
    const first = allocator.allocate(10, true, true)!;
    first.fill(7);
    allocator.takeBack(first);
    // Not to a request from outside a scope, nor to one of another length.
    expect(allocator.allocate(10, true, false)).not.toBe(first);
    expect(allocator.allocate(11, true, true)).not.toBe(first);
    const again = allocator.allocate(10, false, true)!;
    expect(again).toBe(first);
    expect(again[0]).toBe(7); // not zeroed: the caller overwrites it
    allocator.takeBack(again);
    const zeroed = allocator.allocate(10, true, true)!;
    expect(zeroed).toBe(first);
    expect([...zeroed].every((x) => x === 0)).toBe(true);
  });
});

describe("limits", () => {
  test("past the small pool's size, small arrays made outside a scope get no new memory; large and scoped ones do", () => {
    const allocator = fresh();
    allocator.reserve(SMALL_POOL_BYTES);
    expect(allocator.allocate(100, true, false)).toBeNull();
    expect(allocator.allocate(SMALL_FLOATS, true, false)).toBeNull();
    expect(allocator.allocate(SMALL_FLOATS + 1, true, false)).not.toBeNull();
    expect(allocator.allocate(100, true, true)).not.toBeNull();
  });

  test("the pool never grows past its limit", () => {
    const allocator = fresh();
    expect(allocator.reserve(LIMIT_BYTES)).toBe(-1);
    expect(allocator.allocate(LIMIT_BYTES / 4, false, true)).toBeNull();
    expect(allocator.allocate(100, true, true)).not.toBeNull();
  });
});

test("a pool hands items back by size, last in first out", () => {
  const pool = new Pool<string>();
  pool.give(4, "a");
  pool.give(4, "b");
  pool.give(8, "c");
  expect(pool.take(4)).toBe("b");
  expect(pool.take(4)).toBe("a");
  expect(pool.take(4)).toBeUndefined();
  expect(pool.take(8)).toBe("c");
  expect(pool.take(16)).toBeUndefined();
});
