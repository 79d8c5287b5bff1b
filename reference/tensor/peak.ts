/**
 * The machine's arithmetic peak for one core, for `npm run bench` and `npm run train` to set
 * the kit's speed beside: with the WebAssembly kernels, a loop of eight independent four-lane
 * multiply-add sums fed by loads (the inner loop of a matrix product, with nothing to wait
 * for); without them, eight scalar multiply-add chains.
 */
import { runtime } from "./wasm/runtime.ts";

export function measurePeakGflops(seconds = 0.5): { gflops: number; method: string } {
  const simd = runtime?.exports.peak;
  if (simd)
    return {
      gflops: bestGflops(simd, 64, 5e6, seconds),
      method: "WebAssembly SIMD, 8 independent four-lane sums of products",
    };
  const chains = (iterations: number): number => {
    let a0 = 0.1,
      a1 = 0.2,
      a2 = 0.3,
      a3 = 0.4,
      a4 = 0.5,
      a5 = 0.6,
      a6 = 0.7,
      a7 = 0.8;
    const m = 0.999999;
    const c = 1e-7;
    for (let i = 0; i < iterations; i++) {
      a0 = a0 * m + c;
      a1 = a1 * m + c;
      a2 = a2 * m + c;
      a3 = a3 * m + c;
      a4 = a4 * m + c;
      a5 = a5 * m + c;
      a6 = a6 * m + c;
      a7 = a7 * m + c;
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
  };
  return {
    gflops: bestGflops(chains, 16, 2e7, seconds),
    method: "JavaScript, 8 scalar multiply-add chains",
  };
}

/** The best rate of `run(iterations)`, timed again and again for about `seconds`, after a warm-up. */
function bestGflops(
  run: (iterations: number) => unknown,
  flopsPerIteration: number,
  iterations: number,
  seconds: number,
): number {
  run(iterations / 20); // warm-up
  let best = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const start = performance.now();
    run(iterations);
    const elapsed = (performance.now() - start) / 1000;
    best = Math.max(best, (flopsPerIteration * iterations) / elapsed / 1e9);
  }
  return best;
}
