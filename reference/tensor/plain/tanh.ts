/**
 * tanh for float32 tensors, within 1 ulp of the exact value (nearly always the correctly
 * rounded float32) and exactly ±1 where PyTorch's float32 tanh is ±1 (|x| > 8.664339742). The WebAssembly kernel (tanhWide in wasm/assembly/kernels.ts)
 * does the same operations in the same order, in float64 lanes, so the two agree to the bit.
 *
 * tanh(x) = 1 - 2/(e^{2|x|} + 1), with the sign of x, in float64: e^t = 2^k·e^r with
 * t = k·ln2 + r, |r| ≤ ln2/2, and e^r by its Taylor polynomial to r^8 (an error below 2^-32,
 * far under float32's 2^-24; to r^10 agreed with PyTorch no more often). Below |x| = 2^-12 tanh(x) rounds to x itself.
 */

/**
 * Past this float32 PyTorch's float32 tanh (SLEEF's) is ±1; the true tanh rounds to ±1 a
 * hair further out, from 8.66434.
 */
export const saturation = Math.fround(8.664339742);
/** ln 2 in two parts, the first with its low 20 bits zero so that k·ln2High is exact. */
export const ln2High = 0.6931471804855391;
export const ln2Low = 7.440617110012397e-11;
export const inverseLn2 = Math.LOG2E;
/** 1/n! for n = 8 down to 2, the Taylor coefficients of e^r after 1 + r. */
export const expTaylor = [1 / 40320, 1 / 5040, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2];

/** tanh(x) for a float32 x, as a double that rounds (Math.fround) to the kit's float32 tanh. */
export function tanhWide(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -12) return x; // also ±0
  if (Number.isNaN(x)) return x;
  if (a > saturation) return x < 0 ? -1 : 1;
  const t = a + a;
  const k = Math.floor(t * inverseLn2 + 0.5);
  const r = t - k * ln2High - k * ln2Low;
  let p = expTaylor[0]!;
  for (let i = 1; i < expTaylor.length; i++) p = p * r + expTaylor[i]!;
  p = (p * r + 1) * r + 1;
  const e = p * 2 ** k;
  const y = 1 - 2 / (e + 1);
  return x < 0 ? -y : y;
}
