/**
 * `tsx reference/tensor/wasm/build.ts`: builds the WebAssembly kernels now (they are otherwise
 * built on first use), e.g. from an install or CI step, so no timed run pays for the build.
 * Exits with an error when they cannot be built or loaded.
 */
process.env["GRADLINGS_KERNELS"] = "wasm";
const { runtime } = await import("./runtime.ts");
console.log(runtime ? "WebAssembly kernels ready." : "WebAssembly kernels unavailable.");
if (!runtime) process.exitCode = 1;
