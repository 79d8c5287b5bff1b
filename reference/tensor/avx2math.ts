/**
 * The float32 log and sin/cos of PyTorch's x86 normal sampler, bit for bit.
 *
 * PyTorch 1.13's AVX2 kernel for randn (16 or more float32 elements) takes its logarithm and
 * sine/cosine from the avx_mathfun functions: Cephes' single-precision polynomials (logf,
 * sinf, cosf) evaluated in eight float32 lanes at once. Here one lane is computed at a time,
 * every operation rounded to float32 (Math.fround), and where the compiler fused a multiply
 * and an add into one FMA instruction (Debian's build: GCC 12 with -mfma), the two are
 * rounded once (fmaFloat32). Which pairs were fused was found by trying each both ways
 * against torch.randn: with the choices below, 2^21 draws agree bit for bit; leaving any one
 * of the fusions out makes tens to hundreds of thousands of them differ.
 */

const round = Math.fround;

/** a·b + c rounded once to float32, for float32 a, b and c (the product is exact in double). */
export function fmaFloat32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  // s + err is exactly p + c (TwoSum). Rounding s to float32 rounds the exact sum the same
  // way except where s lies exactly halfway between two float32s: err then picks the side.
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  const r = round(s);
  if (err === 0) return r;
  const other = 2 * s - r; // the float32 on s's other side, if s is halfway
  if (other === r || round(other) !== other) return r;
  return err > 0 === other > r ? other : r;
}

const view = new DataView(new ArrayBuffer(4));

// Cephes logf: log(1 + x) ≈ x - x²/2 + x³·P(x) for x in [sqrt(1/2) - 1, sqrt(2) - 1].
const logP = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.242014084e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(round);
const logQ1 = round(-2.1219444e-4); // log 2 = q2 + q1, q2 short enough that e·q2 is exact
const logQ2 = 0.693359375;
const sqrtHalf = round(Math.SQRT1_2);
const smallestNormal = 2 ** -126;

/** log(x) for a float32 x > 0, as PyTorch's AVX2 lanes compute it. */
export function logFloat32(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.NaN; // the lane's invalid mask (x ≤ 0) makes it nan
  if (x === Infinity) return Number.NaN; // the bit tricks read inf as a mantissa of 1.0·2^128
  // subnormals are raised to the smallest normal, as the lanes' max() does
  view.setFloat32(0, x < smallestNormal ? smallestNormal : x);
  const bits = view.getUint32(0);
  let e = round((bits >>> 23) - 127 + 1);
  view.setUint32(0, (bits & 0x807fffff) | 0x3f000000); // the mantissa in [0.5, 1)
  let m = view.getFloat32(0);
  // below sqrt(1/2): use 2m - 1 and one less in the exponent
  const below = m < sqrtHalf;
  const extra = below ? m : 0;
  m = round(m - 1);
  if (below) e = round(e - 1);
  m = round(m + extra);
  const z = round(m * m);
  let y = logP[0]!;
  for (let i = 1; i < logP.length; i++) y = fmaFloat32(y, m, logP[i]!);
  y = round(y * m);
  y = fmaFloat32(y, z, round(e * logQ1));
  y = round(y - z * 0.5); // z·0.5 is exact
  m = round(m + y);
  return round(m + e * logQ2); // e·q2 is exact
}

const fourOverPi = round(1.27323954473516);
// π/4 in three parts: the first two short, so that j·dp1 and j·dp2 are exact for small j
const dp1 = -0.78515625;
const dp2 = round(-0.00024187564849853516);
const dp3 = round(-3.774894977445941e-8);
// Cephes sinf and cosf on [-π/4, π/4]
const sinP = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(round);
const cosP = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(round);

/** The results of sinCosFloat32. */
export const sinCosFloat32Result = { sin: 0, cos: 0 };

/** sin(x) and cos(x) of a float32 x into sinCosFloat32Result, as PyTorch's AVX2 lanes compute them. */
export function sinCosFloat32(x: number): void {
  const negative = x < 0;
  let a = Math.abs(x);
  // the octant j, rounded up to even; the lanes convert with truncation
  let j = Math.trunc(round(a * fourOverPi));
  j = (j + 1) & ~1;
  // a - j·π/4 in three steps, each a fused multiply-add
  a = fmaFloat32(j, dp1, a);
  a = fmaFloat32(j, dp2, a);
  a = fmaFloat32(j, dp3, a);
  const z = round(a * a);
  let c = cosP[0]!;
  c = fmaFloat32(c, z, cosP[1]!);
  c = fmaFloat32(c, z, cosP[2]!);
  c = round(c * z);
  c = fmaFloat32(c, z, -(z * 0.5)); // c·z - z/2, z/2 exact
  c = round(c + 1);
  let s = sinP[0]!;
  s = fmaFloat32(s, z, sinP[1]!);
  s = fmaFloat32(s, z, sinP[2]!);
  s = round(s * z);
  s = fmaFloat32(s, a, a);
  // the lanes pick each polynomial by masks and add the two picks, one of them +0 (so -0 → 0)
  const sinFirst = (j & 2) === 0;
  let sin = (sinFirst ? s : c) + 0;
  let cos = (sinFirst ? c : s) + 0;
  if (((j & 4) !== 0) !== negative) sin = -sin;
  if (((j - 2) & 4) === 0) cos = -cos;
  sinCosFloat32Result.sin = sin;
  sinCosFloat32Result.cos = cos;
}
