/**
 * `npx tsx tools/tanh-exhaustive.ts [kernel]`: runs the WebAssembly float32 tanh (the export
 * named `kernel`, `tanh` unless given) and its backward on every one of the 2^32 float32 bit
 * patterns and compares each result with the plain twins' (plain/tanh.ts tanhWide, and
 * g · fround(1 − y²) with g = 1). NaNs count as equal whatever their payload. Prints the
 * mismatches (the first 20 of each) and exits non-zero if there are any. Minutes of CPU: not
 * part of npm test. A faster tanh kernel must pass this before it replaces the current one.
 * The current kernel passes: 0 of 2^32 differ, forward and backward (70 to 95 s of CPU); the relu
 * export given as the candidate fails it (3,309,790,303 differ), as it should.
 */
import { plainBackend } from "#reference/tensor/plain/backend.ts";
import { allocateFloat32 } from "#reference/tensor/storage.ts";
import { runtime } from "#reference/tensor/wasm/runtime.ts";
import "#reference/tensor/index.ts"; // chooses the kernels, so float32 arrays live in the module's memory

if (!runtime) throw new Error("The WebAssembly kernels are not loaded.");
const exports = runtime.exports as unknown as Record<string, (...args: number[]) => number>;
const name = process.argv[2] ?? "tanh";
const kernel = exports[name];
if (!kernel) throw new Error(`The WebAssembly module exports no ${name}.`);

const CHUNK = 1 << 22;
const input = allocateFloat32(CHUNK, false);
const output = allocateFloat32(CHUNK, false);
const ones = allocateFloat32(CHUNK, false).fill(1);
const plainOut = new Float32Array(CHUNK);
const patterns = new Uint32Array(input.buffer, input.byteOffset, CHUNK);
const wasmBits = new Uint32Array(output.buffer, output.byteOffset, CHUNK);
const plainBits = new Uint32Array(plainOut.buffer);

const sameFloat = (i: number) =>
  wasmBits[i] === plainBits[i] || (Number.isNaN(output[i]) && Number.isNaN(plainOut[i]));

const mismatches = { forward: 0, backward: 0 };
const shown: string[] = [];
const started = Date.now();
for (let start = 0; start < 2 ** 32; start += CHUNK) {
  for (let i = 0; i < CHUNK; i++) patterns[i] = start + i;
  kernel(input.byteOffset, output.byteOffset, CHUNK);
  plainBackend.unary("tanh", new Float32Array(input), plainOut);
  for (let i = 0; i < CHUNK; i++) {
    if (sameFloat(i)) continue;
    mismatches.forward++;
    if (shown.length < 20)
      shown.push(
        `tanh(${input[i]}) [0x${patterns[i]!.toString(16)}]: ${output[i]} vs ${plainOut[i]}`,
      );
  }
  // The backward reads y, so every float32 y is an input here too.
  exports["tanhBackward"]!(input.byteOffset, ones.byteOffset, output.byteOffset, CHUNK);
  plainBackend.unaryBackward("tanh", input, new Float32Array(input), ones, plainOut);
  for (let i = 0; i < CHUNK; i++) {
    if (sameFloat(i)) continue;
    mismatches.backward++;
    if (shown.length < 40) shown.push(`1 - y² at y = ${input[i]}: ${output[i]} vs ${plainOut[i]}`);
  }
  if ((start / CHUNK) % 64 === 63)
    console.error(
      `${((start + CHUNK) / 2 ** 32) * 100}% in ${Math.round((Date.now() - started) / 1000)} s`,
    );
}
for (const line of shown) console.log(line);
console.log(
  `${name} against plain tanhWide, all 2^32 float32 inputs: ${mismatches.forward} differ; tanh's backward: ${mismatches.backward} differ.`,
);
if (mismatches.forward + mismatches.backward > 0) process.exitCode = 1;
