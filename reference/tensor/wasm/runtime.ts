/**
 * The WebAssembly side of the kit's torch: compiles assembly/kernels.ts on first use (and
 * again whenever the source changes), loads it, and hands out float32 storage that lives in
 * the module's memory, so the kernels read and write tensors in place, without copies.
 *
 * Lifetimes: a block of that memory goes back to the pool only after the typed array over it
 * has been garbage-collected (a FinalizationRegistry tells us), so a tensor a program keeps
 * can never see its numbers reused. Collection is reported when the event loop gets a turn;
 * a long synchronous loop therefore grows the pool until LIMIT_BYTES, and from then on new
 * tensors live in ordinary arrays and use the plain kernels (correct, only slower).
 *
 * Inside `scope(fn)` (see ../scope.ts) blocks follow the scope instead: they all go back to the
 * pool when it ends, ready for the next scope at once, so a training step reuses the same
 * (cache-warm) memory every time; a tensor that outlives its scope refuses to be read.
 *
 * The memory is shared (a SharedArrayBuffer), so growing it never detaches the typed arrays
 * already handed out: they stay valid views of the same bytes.
 *
 * GRADLINGS_KERNELS=ts skips all of this; GRADLINGS_KERNELS=wasm makes a failure an error.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { fileURLToPath } from "node:url";

const PAGE = 65536;
const INITIAL_PAGES = 256; // 16 MiB
const MAXIMUM_PAGES = 65536; // the 4 GiB address space; only reserved, not used
/** Beyond this the pool stops growing and new float32 tensors are ordinary arrays. */
const LIMIT_BYTES = 1 << 28;
/** Room for copies of ordinary arrays, so that the kernels serve them too (see `place`). */
const STAGING_FLOATS = 1 << 20;
/** Tensors of at most this many floats, made outside a scope, get new pool memory only below SMALL_POOL_BYTES. */
const SMALL_FLOATS = 1 << 16;
const SMALL_POOL_BYTES = 1 << 25;

const sourcePath = fileURLToPath(new URL("./assembly/kernels.ts", import.meta.url));
const buildDir = fileURLToPath(new URL("../../../build/", import.meta.url));

const compilerFlags = [
  "-O3",
  "--runtime",
  "stub",
  "--noAssert",
  "--enable",
  "simd",
  "--enable",
  "threads",
  "--importMemory",
  "--sharedMemory",
  "--initialMemory",
  String(INITIAL_PAGES),
  "--maximumMemory",
  String(MAXIMUM_PAGES),
];

/** The parts of the WebAssembly API used here (the project's type libraries do not declare them). */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface WasmExports {
  heapBase(): number;
  matmul(a: number, b: number, out: number, m: number, k: number, n: number): void;
  matmulTransposeB(
    g: number,
    b: number,
    out: number,
    m: number,
    n: number,
    k: number,
    accumulate: number,
  ): void;
  matmulTransposeBByCopy(
    g: number,
    b: number,
    out: number,
    m: number,
    n: number,
    k: number,
    scratch: number,
  ): void;
  matmulTransposeA(
    a: number,
    g: number,
    out: number,
    m: number,
    k: number,
    n: number,
    accumulate: number,
  ): void;
  binarySame(op: number, a: number, b: number, out: number, length: number): void;
  binaryScalar(op: number, a: number, y: number, out: number, length: number): void;
  binaryRow(op: number, a: number, b: number, out: number, rows: number, width: number): void;
  columnSums(source: number, rows: number, width: number, target: number): void;
  tanh(a: number, out: number, length: number): void;
  tanhBackward(y: number, g: number, out: number, length: number): void;
  peak(iterations: number): number;
  crossEntropyForward(
    logits: number,
    targets: number,
    rows: number,
    width: number,
    probs: number,
  ): number;
  gatherRows(table: number, indices: number, count: number, width: number, out: number): void;
  scatterAddRows(g: number, indices: number, count: number, width: number, out: number): void;
  crossEntropyBackward(
    probs: number,
    targets: number,
    rows: number,
    width: number,
    factor: number,
    out: number,
  ): void;
}

/** The part of AssemblyScript's compiler API used here. */
interface AscCompiler {
  main(
    args: string[],
    options: {
      stdout: { write(chunk: string | Uint8Array): void };
      stderr: { write(chunk: string | Uint8Array): void };
      writeFile(name: string, contents: Uint8Array | string): void;
    },
  ): Promise<{ error: Error | null }>;
}

/** The compiled module for the current source: built here when missing or stale. */
async function compiledBytes(): Promise<Uint8Array> {
  const source = readFileSync(sourcePath);
  const version = JSON.parse(
    readFileSync(fileURLToPath(import.meta.resolve("assemblyscript/package.json")), "utf8"),
  ).version as string;
  const hash = createHash("sha256")
    .update(source)
    .update(compilerFlags.join(" "))
    .update(version)
    .digest("hex")
    .slice(0, 16);
  // The file name carries the hash of what it was built from: a stale build is never loaded.
  const target = `${buildDir}kernels-${hash}.wasm`;
  if (existsSync(target)) return readFileSync(target);
  // Imported by a name TypeScript does not follow: asc's own type declarations redeclare
  // globals such as `console` for every file in the project.
  const ascModule: string = "assemblyscript/asc";
  const { default: asc } = (await import(ascModule)) as { default: AscCompiler };
  let binary: Uint8Array | null = null;
  const log: string[] = [];
  const sink = { write: (chunk: string | Uint8Array) => log.push(String(chunk)) };
  const { error } = await asc.main([sourcePath, "--outFile", "kernels.wasm", ...compilerFlags], {
    stdout: sink,
    stderr: sink,
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
    },
  });
  if (error || binary === null)
    throw new Error(
      `Building the WebAssembly kernels failed: ${error?.message ?? ""}\n${log.join("")}`,
    );
  mkdirSync(buildDir, { recursive: true });
  // Several processes may build at once: each writes its own file, then renames it into place.
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, binary);
  renameSync(temporary, target);
  for (const old of readdirSync(buildDir))
    if (/^kernels-[0-9a-f]{16}\.wasm$/.test(old) && `${buildDir}${old}` !== target)
      rmSync(`${buildDir}${old}`, { force: true });
  return binary;
}

/** The loaded kernels and the memory the float32 tensors live in. */
export class WasmRuntime {
  readonly exports: WasmExports;
  private readonly memory: WasmMemory;
  private buffer: ArrayBufferLike;
  /** Every buffer object the memory has had: views made before a growth keep the old one. */
  private readonly buffers = new Set<ArrayBufferLike>();
  private top: number;
  private readonly free = new Map<number, number[]>();
  /** Arrays released by ended scopes, by length: reusable at once by the next scope. */
  private readonly scopeFree = new Map<number, Float32Array[]>();
  private readonly registry = new FinalizationRegistry<number[]>(([offset, bytes]) => {
    let list = this.free.get(bytes!);
    if (!list) {
      list = [];
      this.free.set(bytes!, list);
    }
    list.push(offset!);
  });

  constructor(bytes: Uint8Array) {
    this.memory = new WebAssemblyApi.Memory({
      initial: INITIAL_PAGES,
      maximum: MAXIMUM_PAGES,
      shared: true,
    });
    const instance = new WebAssemblyApi.Instance(new WebAssemblyApi.Module(bytes), {
      env: {
        memory: this.memory,
        abort: () => {
          throw new Error("The WebAssembly kernels aborted.");
        },
      },
    });
    this.exports = instance.exports as unknown as WasmExports;
    this.buffer = this.memory.buffer;
    this.buffers.add(this.buffer);
    this.top = (this.exports.heapBase() + 15) & ~15;
    this.staging = new Float32Array(this.buffer, this.top, STAGING_FLOATS);
    this.top += STAGING_FLOATS * 4 + 128;
  }

  /** Copies of ordinary arrays for the kernel about to run, and which to copy back after it. */
  private readonly staging: Float32Array;
  private stagingUsed = 0;
  private readonly written: { array: Float32Array; at: number }[] = [];

  /**
   * The address a kernel should use for `array`: its own when it lives in the module's memory;
   * otherwise (an ordinary array, made when the pool was full) the address of a copy in the
   * staging area, filled from it when the kernel `reads` it and copied back to it by `finish()`
   * when the kernel `writes` it. -1 when neither works (not float32, or no room): the caller
   * then runs the plain loop, after `discard()`.
   */
  place(array: ArrayBufferView, reads: boolean, writes: boolean): number {
    const own = this.address(array);
    if (own >= 0 || !(array instanceof Float32Array)) return own;
    const address = this.scratch(array.length);
    if (address < 0) return -1;
    const at = (address - this.staging.byteOffset) >> 2;
    if (reads) this.staging.set(array, at);
    if (writes) this.written.push({ array, at });
    return address;
  }

  /** Room for `floats` floats in the staging area, until `finish()`: its address, or -1 when there is none. */
  scratch(floats: number): number {
    const at = this.stagingUsed;
    const room = (floats + 3) & ~3; // 16-byte aligned, for SIMD loads
    if (at + room > STAGING_FLOATS) return -1;
    this.stagingUsed += room;
    return this.staging.byteOffset + at * 4;
  }

  /** After a kernel ran: copies what it wrote back to the ordinary arrays, and empties the staging area. */
  finish(): void {
    for (let i = 0; i < this.written.length; i++) {
      const { array, at } = this.written[i]!;
      array.set(this.staging.subarray(at, at + array.length));
    }
    this.discard();
  }

  /** Empties the staging area without copying anything back (the kernel did not run). */
  discard(): void {
    if (this.written.length > 0) this.written.length = 0; // (setting length costs, even to 0)
    this.stagingUsed = 0;
  }

  /**
   * A float32 array in the module's memory, zeroed unless the caller will overwrite all of it
   * (`zeroed = false`), or null when the pool is full. Inside a
   * scope, the array is recorded in `scopeViews` and comes back through `release`.
   */
  allocateFloat32(
    length: number,
    zeroed = true,
    scopeViews?: { push(view: Float32Array): unknown },
  ): Float32Array | null {
    if (length === 0) return null;
    if (scopeViews) {
      // The arrays of ended scopes are handed out again as they are (no new view to make).
      const view = this.scopeFree.get(length)?.pop();
      if (view) {
        if (zeroed) view.fill(0);
        scopeViews.push(view);
        return view;
      }
    }
    const bytes = (length * 4 + 15) & ~15; // 16-byte aligned blocks, for SIMD loads
    const reused = this.free.get(bytes)?.pop();
    let offset: number;
    if (reused !== undefined) {
      offset = reused;
    } else {
      // Small tensors outside any scope stop taking new memory early: in a loop without
      // scope() nearly all of them are garbage the pool cannot take back until the event loop
      // turns, and an ordinary array, copied through the staging area, is cheaper than a
      // block the pool must watch. Large ones may still grow the pool to its limit.
      if (!scopeViews && length <= SMALL_FLOATS && this.top > SMALL_POOL_BYTES) return null;
      // Spare bytes past the last block: kernels may read (never use) up to 15 floats past a row.
      const end = this.top + bytes + 128;
      if (end > this.buffer.byteLength && !this.grow(end)) return null;
      offset = this.top;
      this.top += bytes;
    }
    const view = new Float32Array(this.buffer, offset, length);
    if (reused !== undefined && zeroed) view.fill(0);
    if (scopeViews) scopeViews.push(view);
    else this.registry.register(view, [offset, bytes]);
    return view;
  }

  private indices: Int32Array | null = null;

  /** Copies integer indices into the module's memory (one scratch area, reused); returns its address. */
  copyIndices(indices: Int32Array): number {
    if (!this.indices || this.indices.length < indices.length) {
      const length = Math.max(indices.length, 1024);
      const bytes = length * 4;
      const end = this.top + bytes + 128;
      if (end > this.buffer.byteLength && !this.grow(end)) return -1;
      this.indices = new Int32Array(this.buffer, this.top, length);
      this.top += bytes;
    }
    this.indices.set(indices);
    return this.indices.byteOffset;
  }

  /** Takes back the arrays of an ended scope, for the next scopes. */
  release(views: readonly Float32Array[]): void {
    for (const view of views) {
      let list = this.scopeFree.get(view.length);
      if (!list) {
        list = [];
        this.scopeFree.set(view.length, list);
      }
      list.push(view);
    }
  }

  private grow(needed: number): boolean {
    if (needed > LIMIT_BYTES) return false;
    const current = this.buffer.byteLength;
    // Double, so that growths are rare.
    const wanted = Math.min(Math.max(needed, 2 * current), LIMIT_BYTES);
    this.memory.grow(Math.ceil((wanted - current) / PAGE));
    this.buffer = this.memory.buffer;
    this.buffers.add(this.buffer);
    return true;
  }

  /** The byte address of a float32 array in the module's memory, or -1 if it lives elsewhere. */
  address(storage: ArrayBufferView): number {
    // No array of the module's memory starts at byte 0 (that is below the heap), and reading
    // `.buffer` of a small ordinary array is slow: V8 keeps its elements inside the object and
    // must move them out to make a buffer (a third of the time of a sampling loop went there).
    if (!(storage instanceof Float32Array) || storage.byteOffset === 0) return -1;
    const buffer = storage.buffer;
    return buffer === this.buffer || this.buffers.has(buffer) ? storage.byteOffset : -1;
  }

  /** Bytes of the pool in use or waiting for reuse (for tests and curiosity). */
  poolBytes(): number {
    return this.top;
  }
}

async function load(): Promise<WasmRuntime | null> {
  const choice = process.env["GRADLINGS_KERNELS"];
  if (choice === "ts") return null;
  try {
    return new WasmRuntime(await compiledBytes());
  } catch (error) {
    if (choice === "wasm") throw error;
    return null; // the plain TypeScript kernels do everything, only slower
  }
}

/** The WebAssembly kernels, or null when they are switched off or could not be built. */
export const runtime: WasmRuntime | null = await load();
