/**
 * The kernels every op calls: `kernels.matmul(...)`. They are the WebAssembly backend's when
 * its module loaded (wasm/), else the plain TypeScript ones (plain/); both implement one
 * interface (backend.ts). Choosing a backend also chooses where float32 tensors live: in the
 * WebAssembly module's memory, so its kernels run on them in place, or in ordinary arrays.
 */
import type { Backend } from "./backend.ts";
import * as errors from "./errors.ts";
import { plainBackend } from "./plain/backend.ts";
import { useFloat32Memory } from "./storage.ts";
import { wasmBackend } from "./wasm/backend.ts";
import { runtime } from "./wasm/runtime.ts";

const wasm: Backend | null = runtime ? wasmBackend(runtime) : null;

export let kernels: Backend = wasm ?? plainBackend;
useFloat32Memory(kernels.memory);

/** Switches between the plain kernels ("ts") and the WebAssembly ones ("wasm"), e.g. to compare them. */
export function useKernels(kind: "ts" | "wasm"): void {
  if (kind === "wasm" && !wasm) throw errors.wasmKernelsNotLoaded();
  kernels = kind === "wasm" && wasm ? wasm : plainBackend;
  useFloat32Memory(kernels.memory);
}

/** Which kernels run: "wasm" when loaded and chosen, else "ts". */
export function kernelBackend(): "ts" | "wasm" {
  return kernels.name;
}
