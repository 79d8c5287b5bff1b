/**
 * log, sin and cos in float64, correctly rounded: the C library's answers (glibc's are within
 * a hair of correct rounding), where JavaScript's Math.log, Math.sin and Math.cos are 1 ulp
 * off now and then. PyTorch's float64 normals are built from the C library's log, sin and cos,
 * so randn in float64 needs these to draw PyTorch's numbers.
 *
 * Each function computes its result as a double-double (hi + lo, about 100 bits) and returns
 * hi, the nearest double to that sum. A result is wrong only where the true value lies within
 * about 2^-100 of its own size from halfway between two doubles, which no sample of millions
 * has hit. The arguments are reduced with small tables (built once, at load, from the series
 * themselves) so that short polynomials suffice.
 */

// ——— double-double arithmetic: every result's low part is left in `lo` ———

let lo = 0;

/** a + b exactly: returns the rounded sum, leaves the rounding error in `lo`. */
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  lo = a - (s - bb) + (b - bb);
  return s;
}

/** a + b exactly where |a| ≥ |b| (or a is 0). */
function fastTwoSum(a: number, b: number): number {
  const s = a + b;
  lo = b - (s - a);
  return s;
}

const splitter = 134217729; // 2^27 + 1: splits a double into two 26-bit halves

/** a · b exactly: returns the rounded product, leaves its error in `lo`. */
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = splitter * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = splitter * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  lo = aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
  return p;
}

/** (aHi + aLo) + (bHi + bLo), normalised. */
function ddAdd(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const s = twoSum(aHi, bHi);
  const sErr = lo;
  const t = twoSum(aLo, bLo);
  const tErr = lo;
  const u = fastTwoSum(s, sErr + t);
  return fastTwoSum(u, lo + tErr);
}

/** (aHi + aLo) · (bHi + bLo), normalised. */
function ddMul(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const p = twoProduct(aHi, bHi);
  return fastTwoSum(p, lo + (aHi * bLo + aLo * bHi));
}

/** (aHi + aLo) / (bHi + bLo), normalised: three quotient digits. */
function ddDiv(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const q1 = aHi / bHi;
  let rHi = ddMul(q1, 0, bHi, bLo);
  let rLo = ddAdd(aHi, aLo, -rHi, -lo);
  rHi = rLo;
  rLo = lo;
  const q2 = rHi / bHi;
  const pHi = ddMul(q2, 0, bHi, bLo);
  rHi = ddAdd(rHi, rLo, -pHi, -lo);
  const q3 = rHi / bHi;
  const q = fastTwoSum(q1, q2);
  return ddAdd(q, lo, q3, 0);
}

/** A double-double constant. */
interface DD {
  hi: number;
  lo: number;
}

function dd(hi: number): DD {
  return { hi, lo };
}

/** 1/n! for n = 0..count-1, as double-doubles. */
function inverseFactorials(count: number): DD[] {
  const out: DD[] = [{ hi: 1, lo: 0 }];
  for (let n = 1; n < count; n++) out.push(dd(ddDiv(out[n - 1]!.hi, out[n - 1]!.lo, n, 0)));
  return out;
}

/**
 * a·b + c rounded once, for doubles (C's fma): the product exactly (twoProduct), then its two
 * parts added to c. Correctly rounded but where the low part's own rounding decides a tie.
 */
export function fma(a: number, b: number, c: number): number {
  const p = twoProduct(a, b);
  const pLo = lo;
  const s = twoSum(p, c);
  return s + (lo + pLo);
}

// ——— log ———

/** atanh(s) = s + s³/3 + s⁵/5 + ..., in double-double, to `terms` terms (for building tables). */
function atanhSeries(s: number, sLo: number, terms: number): DD {
  const s2 = ddMul(s, sLo, s, sLo);
  const s2Lo = lo;
  // Horner from the last term: Σ s^(2k) / (2k + 1)
  let hi = ddDiv(1, 0, 2 * terms + 1, 0);
  let low = lo;
  for (let k = terms - 1; k >= 0; k--) {
    hi = ddMul(hi, low, s2, s2Lo);
    low = lo;
    const c = ddDiv(1, 0, 2 * k + 1, 0);
    hi = ddAdd(hi, low, c, lo);
    low = lo;
  }
  return dd(ddMul(hi, low, s, sLo));
}

/** log(c) for c = 1 + i/64, i = 0..64, and log 2: 2·atanh((c - 1)/(c + 1)). */
const logTable: DD[] = [];
for (let i = 0; i <= 64; i++) {
  const c = 1 + i / 64;
  const s = ddDiv(c - 1, 0, c + 1, 0);
  const t = atanhSeries(s, lo, 40); // (c - 1)/(c + 1) ≤ 1/3: 40 terms reach 1/9^40
  logTable.push({ hi: 2 * t.hi, lo: 2 * t.lo });
}
const ln2 = logTable[64]!;
const oneThird = dd(ddDiv(1, 0, 3, 0));
const oneFifth = dd(ddDiv(1, 0, 5, 0));

const bits = new DataView(new ArrayBuffer(8));

/** The natural logarithm, correctly rounded (but for true values within ~2^-100 of a tie). */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x); // 0, negatives, nan, inf
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 2 ** 54; // subnormal: make it normal first
    k = -54;
  }
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  k += (high >>> 20) - 1023;
  bits.setUint32(0, (high & 0x000fffff) | 0x3ff00000);
  const m = bits.getFloat64(0); // x = m·2^k, m in [1, 2)
  const i = Math.round((m - 1) * 64);
  const c = 1 + i / 64;
  // log(m) = log(c) + 2·atanh(s), s = (m - c)/(m + c), |s| ≤ 2^-8
  const sumHi = twoSum(m, c);
  const s = ddDiv(m - c, 0, sumHi, lo);
  const sLo = lo;
  const s2 = ddMul(s, sLo, s, sLo);
  const s2Lo = lo;
  // atanh(s)/s - 1 = s²·(1/3 + s²/5 + s⁴·(1/7 + s²/9 + s⁴/11 + s⁶/13)); the tail is far below
  // 2^-53 of the sum, so plain doubles do for it.
  const tail = s2 * s2 * (1 / 7 + s2 * (1 / 9 + s2 * (1 / 11 + s2 / 13)));
  let pHi = ddMul(s2, s2Lo, oneFifth.hi, oneFifth.lo);
  pHi = ddAdd(pHi, lo, tail, 0);
  pHi = ddAdd(pHi, lo, oneThird.hi, oneThird.lo);
  pHi = ddMul(pHi, lo, s2, s2Lo);
  pHi = ddMul(pHi, lo, s, sLo); // s³/3 + s⁵/5 + ...
  pHi = ddAdd(s, sLo, pHi, lo); // atanh(s)
  const atanhLo = lo;
  // k·log 2 + log(c) + 2·atanh(s)
  let r = ddMul(k, 0, ln2.hi, ln2.lo);
  const table = logTable[i]!;
  r = ddAdd(r, lo, table.hi, table.lo);
  return ddAdd(r, lo, 2 * pHi, 2 * atanhLo);
}

// ——— sin and cos ———

const taylor = inverseFactorials(36);

/**
 * sin(x) and cos(x) by their Taylor series in double-double (for building tables, |x| < 1):
 * Horner in x over 1/n!, alternating signs.
 */
function sinCosSeries(x: number): [DD, DD] {
  const x2 = ddMul(x, 0, x, 0);
  const x2Lo = lo;
  const series = (first: number): DD => {
    // Σ (-1)^j x^(2j) / (2j + first)!, for first 1 (sin, times x after) or 0 (cos)
    let hi = 0;
    let low = 0;
    for (let j = 16; j >= 0; j--) {
      const c = taylor[2 * j + first]!;
      const sign = j % 2 === 0 ? 1 : -1;
      hi = ddMul(hi, low, x2, x2Lo);
      low = lo;
      hi = ddAdd(hi, low, sign * c.hi, sign * c.lo);
      low = lo;
    }
    return { hi, lo: low };
  };
  const s = series(1);
  const sinHi = ddMul(s.hi, s.lo, x, 0);
  return [{ hi: sinHi, lo }, series(0)];
}

/** sin and cos of a = i/64, i = 0..52 (|r| ≤ π/4 + a little after the reduction). */
const sinTable: DD[] = [];
const cosTable: DD[] = [];
for (let i = 0; i <= 52; i++) {
  const [s, c] = sinCosSeries(i / 64);
  sinTable.push(s);
  cosTable.push(c);
}

// π/2 as three doubles (about 160 bits), and 2/π to find the quadrant.
const halfPi1 = 1.5707963267948966;
const halfPi2 = 6.123233995736766e-17;
const halfPi3 = -1.4973849048591698e-33;
const twoOverPi = 0.6366197723675814;

/** The results of sinCos: sin(x) and cos(x), each correctly rounded. */
export const sinCosResult = { sin: 0, cos: 0 };

/**
 * sin(x) and cos(x) into sinCosResult, correctly rounded for |x| ≤ 2^20 (the reduction by π/2
 * uses 160 bits of π); beyond that the C library's own reduction is needed and JavaScript's
 * Math.sin and Math.cos are used instead.
 */
export function sinCos(x: number): void {
  const out = sinCosResult;
  if (!Number.isFinite(x) || Math.abs(x) > 2 ** 20) {
    out.sin = Math.sin(x);
    out.cos = Math.cos(x);
    return;
  }
  if (Math.abs(x) < 2 ** -27) {
    // sin x = x - x³/6 and cos x = 1 - x²/2 round to x and 1 here.
    out.sin = x;
    out.cos = 1;
    return;
  }
  // r = x - k·π/2, |r| ≤ π/4 (a hair more where x·2/π rounds across a half)
  const k = Math.round(x * twoOverPi);
  let rHi = x;
  let rLo = 0;
  if (k !== 0) {
    const p1 = twoProduct(k, halfPi1);
    rHi = ddAdd(x, 0, -p1, -lo);
    rLo = lo;
    const p2 = twoProduct(k, halfPi2);
    rHi = ddAdd(rHi, rLo, -p2, -lo);
    rLo = lo;
    rHi = ddAdd(rHi, rLo, -k * halfPi3, 0);
    rLo = lo;
  }
  // r = a + b with a = i/64 from the table and |b| ≤ 1/128
  const i = Math.round(rHi * 64);
  const sign = i < 0 ? -1 : 1;
  const aIndex = Math.abs(i);
  const bHi = twoSum(rHi - i / 64, rLo);
  const bLo = lo;
  const b2 = ddMul(bHi, bLo, bHi, bLo);
  const b2Lo = lo;
  // sin b = b·Σ (-1)^j b^(2j)/(2j+1)!, cos b = Σ (-1)^j b^(2j)/(2j)!, to b^11 and b^10
  // (the next terms, b^13/13! and b^12/12!, are below 2^-112 for |b| ≤ 1/128)
  let sHi = 0;
  let sLo = 0;
  let cHi = 0;
  let cLo = 0;
  for (let j = 5; j >= 0; j--) {
    const sc = taylor[2 * j + 1]!;
    const cc = taylor[2 * j]!;
    const alternate = j % 2 === 0 ? 1 : -1;
    sHi = ddMul(sHi, sLo, b2, b2Lo);
    sHi = ddAdd(sHi, lo, alternate * sc.hi, alternate * sc.lo);
    sLo = lo;
    cHi = ddMul(cHi, cLo, b2, b2Lo);
    cHi = ddAdd(cHi, lo, alternate * cc.hi, alternate * cc.lo);
    cLo = lo;
  }
  sHi = ddMul(sHi, sLo, bHi, bLo);
  sLo = lo;
  // sin(a + b) = sin a·cos b + cos a·sin b; cos(a + b) = cos a·cos b - sin a·sin b (a signed)
  const sa = sinTable[aIndex]!;
  const ca = cosTable[aIndex]!;
  const saHi = sign * sa.hi;
  const saLo = sign * sa.lo;
  let t = ddMul(saHi, saLo, cHi, cLo);
  let tLo = lo;
  let u = ddMul(ca.hi, ca.lo, sHi, sLo);
  const sinR = ddAdd(t, tLo, u, lo);
  const sinRLo = lo;
  t = ddMul(ca.hi, ca.lo, cHi, cLo);
  tLo = lo;
  u = ddMul(saHi, saLo, sHi, sLo);
  const cosR = ddAdd(t, tLo, -u, -lo);
  void sinRLo;
  switch (((k % 4) + 4) % 4) {
    case 0:
      out.sin = sinR;
      out.cos = cosR;
      break;
    case 1:
      out.sin = cosR;
      out.cos = -sinR;
      break;
    case 2:
      out.sin = -sinR;
      out.cos = -cosR;
      break;
    default:
      out.sin = -cosR;
      out.cos = sinR;
  }
}

/** sin(x), correctly rounded for |x| ≤ 2^20 (see sinCos). */
export function sin(x: number): number {
  sinCos(x);
  return sinCosResult.sin;
}

/** cos(x), correctly rounded for |x| ≤ 2^20 (see sinCos). */
export function cos(x: number): number {
  sinCos(x);
  return sinCosResult.cos;
}
