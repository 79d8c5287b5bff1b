/**
 * Loading the WebAssembly kernels: compiles assembly/kernels.ts on first use (and again
 * whenever the source changes), instantiates it with a shared memory, and hands the memory to
 * its allocator (allocator.ts). backend.ts turns the result into a Backend.
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
import * as errors from "../errors.ts";
import { WasmAllocator, type WasmMemory } from "./allocator.ts";

const INITIAL_PAGES = 256; // 16 MiB
const MAXIMUM_PAGES = 65536; // the 4 GiB address space; only reserved, not used

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
export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: {
    new (bytes: Uint8Array): object;
    /** What a compiled module exports, by name and kind ("function", "memory", ...). */
    exports(module: object): { name: string; kind: string }[];
  };
  Instance: new (module: object, imports: object) => { exports: object };
}
export const webAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The functions assembly/kernels.ts exports, written by hand (exports.test.ts holds this list
 * to the compiled module's names and parameter counts). Addresses are byte offsets in the
 * module's memory.
 */
export interface WasmExports {
  heapBase(): number;
  matmul(a: number, b: number, out: number, m: number, k: number, n: number): void;
  matmulWide(a: number, b: number, out: number, m: number, k: number, n: number): void;
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
  transpose(a: number, out: number, m: number, n: number): void;
  sumDim(a: number, outer: number, size: number, inner: number, out: number): void;
  binarySame(op: number, a: number, b: number, out: number, length: number): void;
  binaryScalar(op: number, a: number, y: number, out: number, length: number): void;
  binaryRow(op: number, a: number, b: number, out: number, rows: number, width: number): void;
  binaryScalarLeft(op: number, x: number, b: number, out: number, length: number): void;
  binaryRowLeft(op: number, a: number, b: number, out: number, rows: number, width: number): void;
  binaryColumn(op: number, a: number, b: number, out: number, rows: number, width: number): void;
  binaryColumnLeft(
    op: number,
    a: number,
    b: number,
    out: number,
    rows: number,
    width: number,
  ): void;
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
  // lecture 7's kernels
  relu(a: number, out: number, length: number): void;
  reluBackward(y: number, g: number, out: number, length: number): void;
  softmaxRows(a: number, length: number, width: number, out: number): void;
  softmaxRowsBackward(y: number, g: number, length: number, width: number, out: number): void;
  layerNormRows(
    x: number,
    weight: number,
    bias: number,
    rows: number,
    width: number,
    eps: number,
    out: number,
    mean: number,
    rstd: number,
  ): void;
  layerNormRowsBackward(
    x: number,
    weight: number,
    mean: number,
    rstd: number,
    g: number,
    rows: number,
    width: number,
    dx: number,
    dweight: number,
    dbias: number,
  ): void;
  varianceDim(
    a: number,
    outer: number,
    size: number,
    inner: number,
    divisor: number,
    root: number,
    out: number,
  ): void;
  varianceDimBackward(
    a: number,
    means: number,
    g: number,
    outer: number,
    size: number,
    inner: number,
    divisor: number,
    out: number,
  ): void;
  expandDim(
    g: number,
    outer: number,
    size: number,
    inner: number,
    divisor: number,
    out: number,
  ): void;
  cascadeSumDim(a: number, outer: number, size: number, inner: number, out: number): void;
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
export async function compiledBytes(): Promise<Uint8Array> {
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
  if (error || binary === null) throw errors.wasmBuildFailed(error?.message ?? "", log.join(""));
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

/** The loaded kernels, and the allocator of the memory the float32 tensors live in. */
export interface WasmRuntime {
  readonly exports: WasmExports;
  readonly allocator: WasmAllocator;
}

/** An instance of the compiled kernels, with a fresh shared memory and its allocator. */
export function instantiate(bytes: Uint8Array): WasmRuntime {
  const memory = new webAssembly.Memory({
    initial: INITIAL_PAGES,
    maximum: MAXIMUM_PAGES,
    shared: true,
  });
  const instance = new webAssembly.Instance(new webAssembly.Module(bytes), {
    env: {
      memory,
      abort: () => {
        throw errors.wasmAborted();
      },
    },
  });
  const exports = instance.exports as unknown as WasmExports;
  return { exports, allocator: new WasmAllocator(memory, exports.heapBase()) };
}

async function load(): Promise<WasmRuntime | null> {
  const choice = process.env["GRADLINGS_KERNELS"];
  if (choice === "ts") return null;
  try {
    return instantiate(await compiledBytes());
  } catch (error) {
    if (choice === "wasm") throw error;
    return null; // the plain TypeScript kernels do everything, only slower
  }
}

/** The WebAssembly kernels, or null when they are switched off or could not be built. */
export const runtime: WasmRuntime | null = await load();
