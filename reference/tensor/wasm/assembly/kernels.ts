// The hot kernels of the kit's torch in AssemblyScript, compiled to WebAssembly with SIMD
// (four float32 lanes per instruction). Each one does what the plain loop of the same name in
// ../../plain/ does; tests hold them to it. Arguments are byte addresses in the shared
// memory where the tensors live, and sizes. Float32 only.

// @ts-nocheck: AssemblyScript, not TypeScript (v128, f32, load/store are its built-ins)

/** Where the compiler's own static data ends: tensors are placed above it. */
export function heapBase(): usize {
  return __heap_base;
}

@inline
function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/**
 * out (m×n) = A · b (or += when `accumulate`), for b (k×n) and A (m×k) read with the given
 * strides, so that A can be a matrix or the transpose of one. Two rows by sixteen columns of
 * the output at a time, in eight four-lane sums over k; the columns left at the end of a row
 * get a block of just enough four-lane sums (27 columns: 16 + 12, not 16 + 16). The last block
 * may read (never use) up to 3 floats past the row's end: the pool keeps spare bytes after its
 * last block.
 */
@inline
function product(
  a: usize,
  aRowStride: i32,
  aColStride: i32,
  b: usize,
  out: usize,
  m: i32,
  k: i32,
  n: i32,
  accumulate: bool,
): void {
  const rowBytes = <usize>n << 2;
  const aColBytes = <usize>aColStride << 2;
  const aRowBytes = <usize>aRowStride << 2;
  const n16 = n & ~15;
  const left = n - n16;
  let i = 0;
  // Two rows of the output at once: each row of b loaded is used twice.
  for (; i + 2 <= m; i += 2) {
    const aRow = at(a, i * aRowStride);
    const outRow = at(out, i * n);
    for (let j = 0; j < n16; j += 16)
      tile(aRow, aRowBytes, aColBytes, at(b, j), rowBytes, k, at(outRow, j), 16, accumulate, 2, 4);
    if (left > 12)
      tile(aRow, aRowBytes, aColBytes, at(b, n16), rowBytes, k, at(outRow, n16), left, accumulate, 2, 4);
    else if (left > 8)
      tile(aRow, aRowBytes, aColBytes, at(b, n16), rowBytes, k, at(outRow, n16), left, accumulate, 2, 3);
    else if (left > 4)
      tile(aRow, aRowBytes, aColBytes, at(b, n16), rowBytes, k, at(outRow, n16), left, accumulate, 2, 2);
    else if (left > 0)
      tile(aRow, aRowBytes, aColBytes, at(b, n16), rowBytes, k, at(outRow, n16), left, accumulate, 2, 1);
  }
  for (; i < m; i++) {
    const aRow = at(a, i * aRowStride);
    const outRow = at(out, i * n);
    for (let j = 0; j < n; j += 16)
      tile(aRow, aRowBytes, aColBytes, at(b, j), rowBytes, k, at(outRow, j), n - j, accumulate, 1, 4);
  }
}

/**
 * One block of product(): `rows` (1 or 2) output rows by `vectors` four-lane columns, summed
 * over k. `rows` and `vectors` are constants at every call, so each call compiles to a loop
 * without branches.
 */
@inline
function tile(
  aRow: usize,
  aRowBytes: usize,
  aColBytes: usize,
  bp: usize,
  rowBytes: usize,
  k: i32,
  o: usize,
  left: i32,
  accumulate: bool,
  rows: i32,
  vectors: i32,
): void {
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let c2 = f32x4.splat(0);
  let c3 = f32x4.splat(0);
  let d0 = f32x4.splat(0);
  let d1 = f32x4.splat(0);
  let d2 = f32x4.splat(0);
  let d3 = f32x4.splat(0);
  let ap = aRow;
  for (let p = 0; p < k; p++) {
    const x = v128.load32_splat(ap);
    const b0 = v128.load(bp);
    c0 = f32x4.add(c0, f32x4.mul(x, b0));
    if (rows > 1) {
      const y = v128.load32_splat(ap + aRowBytes);
      d0 = f32x4.add(d0, f32x4.mul(y, b0));
      if (vectors > 1) {
        const b1 = v128.load(bp, 16);
        c1 = f32x4.add(c1, f32x4.mul(x, b1));
        d1 = f32x4.add(d1, f32x4.mul(y, b1));
      }
      if (vectors > 2) {
        const b2 = v128.load(bp, 32);
        c2 = f32x4.add(c2, f32x4.mul(x, b2));
        d2 = f32x4.add(d2, f32x4.mul(y, b2));
      }
      if (vectors > 3) {
        const b3 = v128.load(bp, 48);
        c3 = f32x4.add(c3, f32x4.mul(x, b3));
        d3 = f32x4.add(d3, f32x4.mul(y, b3));
      }
    } else {
      if (vectors > 1) c1 = f32x4.add(c1, f32x4.mul(x, v128.load(bp, 16)));
      if (vectors > 2) c2 = f32x4.add(c2, f32x4.mul(x, v128.load(bp, 32)));
      if (vectors > 3) c3 = f32x4.add(c3, f32x4.mul(x, v128.load(bp, 48)));
    }
    bp += rowBytes;
    ap += aColBytes;
  }
  storeLanes(o, c0, left, accumulate);
  if (vectors > 1) storeLanes(o + 16, c1, left - 4, accumulate);
  if (vectors > 2) storeLanes(o + 32, c2, left - 8, accumulate);
  if (vectors > 3) storeLanes(o + 48, c3, left - 12, accumulate);
  if (rows > 1) {
    const o2 = o + rowBytes;
    storeLanes(o2, d0, left, accumulate);
    if (vectors > 1) storeLanes(o2 + 16, d1, left - 4, accumulate);
    if (vectors > 2) storeLanes(o2 + 32, d2, left - 8, accumulate);
    if (vectors > 3) storeLanes(o2 + 48, d3, left - 12, accumulate);
  }
}

/** Stores (or adds) v at o when `count` ≥ 4 lanes are wanted, its first `count` lanes when fewer. */
@inline
function storeLanes(o: usize, v: v128, count: i32, add: bool): void {
  if (count >= 4) v128.store(o, add ? f32x4.add(v128.load(o), v) : v);
  else if (count > 0) storeFirst(o, v, count, add);
}

/** out (m×n) = a (m×k) · b (k×n). */
export function matmul(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  product(a, k, 1, b, out, m, k, n, false);
}

// ——— matmul summed in float64 (the backprop run's kernels) ———

/**
 * out (m×n) = a (m×k) · b (k×n) summed as the plain loop (plain/matmul.ts) sums: each product
 * exact in float64, added from p = 0 up in float64, rounded to float32 once; so the two agree
 * to the bit. Eight columns at a time, in four vectors of two float64 lanes.
 */
export function matmulWide(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  const rowBytes = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const aRow = at(a, i * k);
    const outRow = at(out, i * n);
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let s2 = f64x2.splat(0);
      let s3 = f64x2.splat(0);
      let bp = at(b, j);
      for (let p = 0; p < k; p++) {
        const x = f64x2.splat(<f64>load<f32>(at(aRow, p)));
        const lo = v128.load(bp);
        const hi = v128.load(bp, 16);
        s0 = f64x2.add(s0, f64x2.mul(x, f64x2.promote_low_f32x4(lo)));
        s1 = f64x2.add(s1, f64x2.mul(x, f64x2.promote_low_f32x4(v128.shuffle<f32>(lo, lo, 2, 3, 0, 1))));
        s2 = f64x2.add(s2, f64x2.mul(x, f64x2.promote_low_f32x4(hi)));
        s3 = f64x2.add(s3, f64x2.mul(x, f64x2.promote_low_f32x4(v128.shuffle<f32>(hi, hi, 2, 3, 0, 1))));
        bp += rowBytes;
      }
      const o = at(outRow, j);
      v128.store(o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(s0), f32x4.demote_f64x2_zero(s1), 0, 1, 4, 5));
      v128.store(o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(s2), f32x4.demote_f64x2_zero(s3), 0, 1, 4, 5), 16);
    }
    for (; j < n; j++) {
      let total: f64 = 0;
      for (let p = 0; p < k; p++) total += <f64>load<f32>(at(aRow, p)) * <f64>load<f32>(at(b, p * n + j));
      store<f32>(at(outRow, j), <f32>total);
    }
  }
}

// ——— end of matmul summed in float64 ———

/** Stores (or adds, when `add`) the first `count` (1-3) lanes of v at address o. */
@inline
function storeFirst(o: usize, v: v128, count: i32, add: bool): void {
  store<f32>(o, (add ? load<f32>(o) : 0) + f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(o, (add ? load<f32>(o, 4) : 0) + f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(o, (add ? load<f32>(o, 8) : 0) + f32x4.extract_lane(v, 2), 8);
}

/** Lanes below `count` all ones, the rest zero: masks the lanes read past a row's end. */
@inline
function laneMask(count: i32): v128 {
  const lanes = i32x4(0, 1, 2, 3);
  return i32x4.lt_s(lanes, i32x4.splat(count));
}

@inline
function horizontalSum(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** [Σ a, Σ b, Σ c, Σ d]: the lane sums of four vectors, by shuffling rather than lane by lane. */
@inline
function sum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/**
 * out (m×k) += g (m×n) · bᵀ for b (k×n) (or = when not `accumulate`): dot products of rows,
 * two rows of g against four rows of b at a time.
 */
export function matmulTransposeB(
  g: usize,
  b: usize,
  out: usize,
  m: i32,
  n: i32,
  k: i32,
  accumulate: bool,
): void {
  let i = 0;
  for (; i + 2 <= m; i += 2) dotBand(g, b, out, i, n, k, accumulate, 2);
  for (; i < m; i++) dotBand(g, b, out, i, n, k, accumulate, 1);
}

/**
 * Rows i .. i + `rows` of matmulTransposeB's out, `rows` being 1 or 2 (a constant at each call,
 * so each call compiles without its branches): each vector loaded is used two or four times.
 */
@inline
function dotBand(
  g: usize,
  b: usize,
  out: usize,
  i: i32,
  n: i32,
  k: i32,
  accumulate: bool,
  rows: i32,
): void {
  // All ones to keep what out holds, all zeros to ignore it (it may be any bits, even NaN).
  const keep = i32x4.splat(accumulate ? -1 : 0);
  const n4 = n & ~3;
  const k4 = k & ~3;
  const tail = laneMask(n - n4);
  const gRow = at(g, i * n);
  const hRow = at(g, (i + 1) * n);
  const outRow = at(out, i * k);
  for (let p = 0; p < k4; p += 4) {
    const b0 = at(b, p * n);
    const b1 = at(b, (p + 1) * n);
    const b2 = at(b, (p + 2) * n);
    const b3 = at(b, (p + 3) * n);
    let t0 = f32x4.splat(0);
    let t1 = f32x4.splat(0);
    let t2 = f32x4.splat(0);
    let t3 = f32x4.splat(0);
    let u0 = f32x4.splat(0);
    let u1 = f32x4.splat(0);
    let u2 = f32x4.splat(0);
    let u3 = f32x4.splat(0);
    let j = 0;
    for (; j < n4; j += 4) {
      const c0 = v128.load(at(b0, j));
      const c1 = v128.load(at(b1, j));
      const c2 = v128.load(at(b2, j));
      const c3 = v128.load(at(b3, j));
      const x = v128.load(at(gRow, j));
      t0 = f32x4.add(t0, f32x4.mul(x, c0));
      t1 = f32x4.add(t1, f32x4.mul(x, c1));
      t2 = f32x4.add(t2, f32x4.mul(x, c2));
      t3 = f32x4.add(t3, f32x4.mul(x, c3));
      if (rows > 1) {
        const y = v128.load(at(hRow, j));
        u0 = f32x4.add(u0, f32x4.mul(y, c0));
        u1 = f32x4.add(u1, f32x4.mul(y, c1));
        u2 = f32x4.add(u2, f32x4.mul(y, c2));
        u3 = f32x4.add(u3, f32x4.mul(y, c3));
      }
    }
    if (j < n) {
      // The last 1-3 columns, with the lanes past the row zeroed (they may hold any bits, even
      // NaN). A separate step rather than a mask in the loop above, which cost 4% of a step.
      const c0 = v128.and(v128.load(at(b0, j)), tail);
      const c1 = v128.and(v128.load(at(b1, j)), tail);
      const c2 = v128.and(v128.load(at(b2, j)), tail);
      const c3 = v128.and(v128.load(at(b3, j)), tail);
      const x = v128.and(v128.load(at(gRow, j)), tail);
      t0 = f32x4.add(t0, f32x4.mul(x, c0));
      t1 = f32x4.add(t1, f32x4.mul(x, c1));
      t2 = f32x4.add(t2, f32x4.mul(x, c2));
      t3 = f32x4.add(t3, f32x4.mul(x, c3));
      if (rows > 1) {
        const y = v128.and(v128.load(at(hRow, j)), tail);
        u0 = f32x4.add(u0, f32x4.mul(y, c0));
        u1 = f32x4.add(u1, f32x4.mul(y, c1));
        u2 = f32x4.add(u2, f32x4.mul(y, c2));
        u3 = f32x4.add(u3, f32x4.mul(y, c3));
      }
    }
    // The four sums side by side in one vector, added to out[i, p..p+3] at once.
    const o = at(outRow, p);
    v128.store(o, f32x4.add(v128.and(v128.load(o), keep), sum4(t0, t1, t2, t3)));
    if (rows > 1) {
      const o2 = at(outRow, p + k);
      v128.store(o2, f32x4.add(v128.and(v128.load(o2), keep), sum4(u0, u1, u2, u3)));
    }
  }
  // The last 1-3 rows of b, one row of g at a time.
  for (let r = 0; r < rows; r++) {
    const rRow = at(g, (i + r) * n);
    const rOut = at(out, (i + r) * k);
    for (let p = k4; p < k; p++) {
      const bRow = at(b, p * n);
      let t = f32x4.splat(0);
      let j = 0;
      for (; j < n4; j += 4)
        t = f32x4.add(t, f32x4.mul(v128.load(at(rRow, j)), v128.load(at(bRow, j))));
      let s = horizontalSum(t);
      for (; j < n; j++) s += load<f32>(at(rRow, j)) * load<f32>(at(bRow, j));
      const o = at(rOut, p);
      store<f32>(o, (accumulate ? load<f32>(o) : 0) + s);
    }
  }
}

/** t (n×k) = bᵀ for b (k×n): four-by-four blocks turned with shuffles, the edges one by one. */
function transposeInto(b: usize, k: i32, n: i32, t: usize): void {
  const k4 = k & ~3;
  const n4 = n & ~3;
  for (let p = 0; p < k4; p += 4) {
    const r = at(b, p * n);
    const rowBytes = <usize>n << 2;
    let j = 0;
    for (; j < n4; j += 4) {
      const r0 = v128.load(at(r, j));
      const r1 = v128.load(at(r, j) + rowBytes);
      const r2 = v128.load(at(r, j) + 2 * rowBytes);
      const r3 = v128.load(at(r, j) + 3 * rowBytes);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      v128.store(at(t, j * k + p), v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(at(t, (j + 1) * k + p), v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(at(t, (j + 2) * k + p), v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(at(t, (j + 3) * k + p), v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
    for (; j < n; j++)
      for (let q = p; q < p + 4; q++) store<f32>(at(t, j * k + q), load<f32>(at(b, q * n + j)));
  }
  for (let q = k4; q < k; q++)
    for (let j = 0; j < n; j++) store<f32>(at(t, j * k + q), load<f32>(at(b, q * n + j)));
}

/**
 * out (m×k) = g (m×n) · bᵀ for b (k×n), by turning b over into `scratch` (n×k) and then
 * multiplying as matmul does, in its long branch-free blocks.
 */
export function matmulTransposeBByCopy(
  g: usize,
  b: usize,
  out: usize,
  m: i32,
  n: i32,
  k: i32,
  scratch: usize,
): void {
  transposeInto(b, k, n, scratch);
  product(g, n, 1, scratch, out, m, n, k, false);
}

/** out (k×n) += aᵀ · g for a (m×k), g (m×n) (or = when not `accumulate`): a read down its columns. */
export function matmulTransposeA(
  a: usize,
  g: usize,
  out: usize,
  m: i32,
  k: i32,
  n: i32,
  accumulate: bool,
): void {
  if (accumulate) product(a, 1, k, g, out, k, m, n, true);
  else product(a, 1, k, g, out, k, m, n, false);
}

/** out (n×m) = aᵀ for a (m×n): the plain copy's twin, by the same four-by-four blocks. */
export function transpose(a: usize, out: usize, m: i32, n: i32): void {
  transposeInto(a, m, n, out);
}

/**
 * out[o, i] = Σ_s a[o, s, i]: the sum over the middle of [outer, size, inner], each one added in
 * float64 from s = 0 up and rounded to float32 once, as the plain loop does, so the two agree to
 * the bit. Four columns at a time, two float64 lanes in each of two vectors.
 */
export function sumDim(a: usize, outer: i32, size: i32, inner: i32, out: usize): void {
  const inner4 = inner & ~3;
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const block = at(a, o * size * inner);
    const outRow = at(out, o * inner);
    let i = 0;
    for (; i < inner4; i += 4) {
      let low = f64x2.splat(0);
      let high = f64x2.splat(0);
      let p = at(block, i);
      for (let s = 0; s < size; s++) {
        const v = v128.load(p);
        low = f64x2.add(low, f64x2.promote_low_f32x4(v));
        high = f64x2.add(high, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
        p += stride;
      }
      const l = f32x4.demote_f64x2_zero(low);
      const h = f32x4.demote_f64x2_zero(high);
      v128.store(at(outRow, i), v128.shuffle<f32>(l, h, 0, 1, 4, 5));
    }
    for (; i < inner; i++) {
      let total: f64 = 0;
      let p = at(block, i);
      for (let s = 0; s < size; s++) {
        total += <f64>load<f32>(p);
        p += stride;
      }
      store<f32>(at(outRow, i), <f32>total);
    }
  }
}

// ——— binary elementwise (the backprop run's kernels: a op b in every broadcast layout) ———
//
// Binary operations: 0 add, 1 sub, 2 mul, 3 div. Each export picks its loop once, by op (and
// by which side is broadcast); inside, op and side are constants, so each loop compiles to
// loads, op and store without branches, sixteen floats a pass (four at a time took 1.6 times
// as long on [32, 200]). The same float32 operation per element as the plain loops, so the
// same results.

@inline
function apply(op: i32, x: v128, y: v128): v128 {
  if (op == 0) return f32x4.add(x, y);
  if (op == 1) return f32x4.sub(x, y);
  if (op == 2) return f32x4.mul(x, y);
  return f32x4.div(x, y);
}

@inline
function apply1(op: i32, x: f32, y: f32): f32 {
  if (op == 0) return x + y;
  if (op == 1) return x - y;
  if (op == 2) return x * y;
  return x / y;
}

/** x op y, or y op x when `left` (the broadcast operand y is the left one). */
@inline
function applySide(op: i32, left: bool, x: v128, y: v128): v128 {
  return left ? apply(op, y, x) : apply(op, x, y);
}

@inline
function applySide1(op: i32, left: bool, x: f32, y: f32): f32 {
  return left ? apply1(op, y, x) : apply1(op, x, y);
}

@inline
function sameLoop(op: i32, a: usize, b: usize, out: usize, length: i32): void {
  const n16 = length & ~15;
  const n4 = length & ~3;
  let i = 0;
  for (; i < n16; i += 16) {
    const pa = at(a, i);
    const pb = at(b, i);
    const po = at(out, i);
    v128.store(po, apply(op, v128.load(pa), v128.load(pb)));
    v128.store(po, apply(op, v128.load(pa, 16), v128.load(pb, 16)), 16);
    v128.store(po, apply(op, v128.load(pa, 32), v128.load(pb, 32)), 32);
    v128.store(po, apply(op, v128.load(pa, 48), v128.load(pb, 48)), 48);
  }
  for (; i < n4; i += 4)
    v128.store(at(out, i), apply(op, v128.load(at(a, i)), v128.load(at(b, i))));
  for (; i < length; i++) store<f32>(at(out, i), apply1(op, load<f32>(at(a, i)), load<f32>(at(b, i))));
}

/** out[i] = a[i] op y (or y op a[i] when `left`) for `length` elements. */
@inline
function scalarLoop(op: i32, left: bool, a: usize, y: f32, out: usize, length: i32): void {
  const n16 = length & ~15;
  const n4 = length & ~3;
  const v = f32x4.splat(y);
  let i = 0;
  for (; i < n16; i += 16) {
    const pa = at(a, i);
    const po = at(out, i);
    v128.store(po, applySide(op, left, v128.load(pa), v));
    v128.store(po, applySide(op, left, v128.load(pa, 16), v), 16);
    v128.store(po, applySide(op, left, v128.load(pa, 32), v), 32);
    v128.store(po, applySide(op, left, v128.load(pa, 48), v), 48);
  }
  for (; i < n4; i += 4) v128.store(at(out, i), applySide(op, left, v128.load(at(a, i)), v));
  for (; i < length; i++) store<f32>(at(out, i), applySide1(op, left, load<f32>(at(a, i)), y));
}

/** out[r, j] = a[r, j] op row[j] (or row[j] op a[r, j] when `left`). */
@inline
function rowLoop(op: i32, left: bool, a: usize, row: usize, out: usize, rows: i32, width: i32): void {
  const n16 = width & ~15;
  const n4 = width & ~3;
  for (let r = 0; r < rows; r++) {
    const aRow = at(a, r * width);
    const outRow = at(out, r * width);
    let j = 0;
    for (; j < n16; j += 16) {
      const pa = at(aRow, j);
      const pr = at(row, j);
      const po = at(outRow, j);
      v128.store(po, applySide(op, left, v128.load(pa), v128.load(pr)));
      v128.store(po, applySide(op, left, v128.load(pa, 16), v128.load(pr, 16)), 16);
      v128.store(po, applySide(op, left, v128.load(pa, 32), v128.load(pr, 32)), 32);
      v128.store(po, applySide(op, left, v128.load(pa, 48), v128.load(pr, 48)), 48);
    }
    for (; j < n4; j += 4)
      v128.store(at(outRow, j), applySide(op, left, v128.load(at(aRow, j)), v128.load(at(row, j))));
    for (; j < width; j++)
      store<f32>(at(outRow, j), applySide1(op, left, load<f32>(at(aRow, j)), load<f32>(at(row, j))));
  }
}

/** out[r, j] = a[r, j] op column[r] (or column[r] op a[r, j] when `left`). */
@inline
function columnLoop(op: i32, left: bool, a: usize, column: usize, out: usize, rows: i32, width: i32): void {
  for (let r = 0; r < rows; r++)
    scalarLoop(op, left, at(a, r * width), load<f32>(at(column, r)), at(out, r * width), width);
}

/** out[i] = a[i] op b[i] for `length` elements. */
export function binarySame(op: i32, a: usize, b: usize, out: usize, length: i32): void {
  if (op == 0) sameLoop(0, a, b, out, length);
  else if (op == 1) sameLoop(1, a, b, out, length);
  else if (op == 2) sameLoop(2, a, b, out, length);
  else sameLoop(3, a, b, out, length);
}

/** out[i] = a[i] op y for `length` elements. */
export function binaryScalar(op: i32, a: usize, y: f32, out: usize, length: i32): void {
  if (op == 0) scalarLoop(0, false, a, y, out, length);
  else if (op == 1) scalarLoop(1, false, a, y, out, length);
  else if (op == 2) scalarLoop(2, false, a, y, out, length);
  else scalarLoop(3, false, a, y, out, length);
}

/** out[i] = x op b[i] for `length` elements: the number on the left. */
export function binaryScalarLeft(op: i32, x: f32, b: usize, out: usize, length: i32): void {
  if (op == 0) scalarLoop(0, true, b, x, out, length);
  else if (op == 1) scalarLoop(1, true, b, x, out, length);
  else if (op == 2) scalarLoop(2, true, b, x, out, length);
  else scalarLoop(3, true, b, x, out, length);
}

/** out[r, j] = a[r, j] op b[j]: a row (a bias) applied to every row of a. */
export function binaryRow(op: i32, a: usize, b: usize, out: usize, rows: i32, width: i32): void {
  if (op == 0) rowLoop(0, false, a, b, out, rows, width);
  else if (op == 1) rowLoop(1, false, a, b, out, rows, width);
  else if (op == 2) rowLoop(2, false, a, b, out, rows, width);
  else rowLoop(3, false, a, b, out, rows, width);
}

/** out[r, j] = a[j] op b[r, j]: the row on the left (gain * x). */
export function binaryRowLeft(op: i32, a: usize, b: usize, out: usize, rows: i32, width: i32): void {
  if (op == 0) rowLoop(0, true, b, a, out, rows, width);
  else if (op == 1) rowLoop(1, true, b, a, out, rows, width);
  else if (op == 2) rowLoop(2, true, b, a, out, rows, width);
  else rowLoop(3, true, b, a, out, rows, width);
}

/** out[r, j] = a[r, j] op b[r]: a column (a row's sum, kept as [n, 1]) applied to every column. */
export function binaryColumn(op: i32, a: usize, b: usize, out: usize, rows: i32, width: i32): void {
  if (op == 0) columnLoop(0, false, a, b, out, rows, width);
  else if (op == 1) columnLoop(1, false, a, b, out, rows, width);
  else if (op == 2) columnLoop(2, false, a, b, out, rows, width);
  else columnLoop(3, false, a, b, out, rows, width);
}

/** out[r, j] = a[r] op b[r, j]: the column on the left. */
export function binaryColumnLeft(op: i32, a: usize, b: usize, out: usize, rows: i32, width: i32): void {
  if (op == 0) columnLoop(0, true, b, a, out, rows, width);
  else if (op == 1) columnLoop(1, true, b, a, out, rows, width);
  else if (op == 2) columnLoop(2, true, b, a, out, rows, width);
  else columnLoop(3, true, b, a, out, rows, width);
}

// ——— end of binary elementwise ———

/** target[j] += Σ_r source[r, j]: the gradient of a bias added to every row. */
export function columnSums(source: usize, rows: i32, width: i32, target: usize): void {
  const n4 = width & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    let t = v128.load(at(target, j));
    for (let r = 0; r < rows; r++) t = f32x4.add(t, v128.load(at(source, r * width + j)));
    v128.store(at(target, j), t);
  }
  for (; j < width; j++) {
    let t = load<f32>(at(target, j));
    for (let r = 0; r < rows; r++) t += load<f32>(at(source, r * width + j));
    store<f32>(at(target, j), t);
  }
}

/** a·b + c in four float32 lanes (a multiply, then an add: two roundings). */
@inline
function madd(a: v128, b: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(a, b), f32x4.splat(c));
}

// ——— tanh (float32 tensors), computed in float64 lanes ———
// Bit for bit the plain kernel's tanhWide (plain/tanh.ts): the same float64 operations in the
// same order. tanh(x) = 1 - 2/(e^{2|x|} + 1) with x's sign, e^t = 2^k·e^r, |r| ≤ ln2/2, e^r by
// its Taylor polynomial to r^8; x itself below 2^-12; ±1 beyond 8.664339742 (where PyTorch's
// float32 tanh is ±1); nan stays nan. Within 1 ulp of the exact tanh once rounded to float32.
const TANH_TINY: f64 = 0.000244140625; // 2^-12
const TANH_SATURATION: f64 = <f64>(<f32>8.664339742);
const INVERSE_LN2: f64 = 1.4426950408889634;
const LN2_HIGH: f64 = 0.6931471804855391; // low 20 bits zero: k·LN2_HIGH is exact
const LN2_LOW: f64 = 7.440617110012397e-11;
const EXP_MAGIC: f64 = 4503599627371519.0; // 2^52 + 1023: k + this holds k + 1023 in its low bits
const E8: f64 = 1.0 / 40320.0;
const E7: f64 = 1.0 / 5040.0;
const E6: f64 = 1.0 / 720.0;
const E5: f64 = 1.0 / 120.0;
const E4: f64 = 1.0 / 24.0;
const E3: f64 = 1.0 / 6.0;
const E2: f64 = 1.0 / 2.0;

@inline
function horner2(p: v128, r: v128, c: f64): v128 {
  return f64x2.add(f64x2.mul(p, r), f64x2.splat(c));
}

/**
 * tanh of two float64 lanes holding float32 values in the polynomial's range (2^-12 ≤ |x| ≤
 * the saturation point), `a` being |x|.
 */
@inline
function tanhInRange2(x: v128, a: v128): v128 {
  const t = f64x2.add(a, a);
  const k = f64x2.floor(f64x2.add(f64x2.mul(t, f64x2.splat(INVERSE_LN2)), f64x2.splat(0.5)));
  const r = f64x2.sub(
    f64x2.sub(t, f64x2.mul(k, f64x2.splat(LN2_HIGH))),
    f64x2.mul(k, f64x2.splat(LN2_LOW)),
  );
  let p = f64x2.splat(E8);
  p = horner2(p, r, E7);
  p = horner2(p, r, E6);
  p = horner2(p, r, E5);
  p = horner2(p, r, E4);
  p = horner2(p, r, E3);
  p = horner2(p, r, E2);
  p = horner2(horner2(p, r, 1.0), r, 1.0);
  const twoK = i64x2.shl(f64x2.add(k, f64x2.splat(EXP_MAGIC)), 52); // 2^k, exactly
  const e = f64x2.mul(p, twoK);
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.div(f64x2.splat(2.0), f64x2.add(e, f64x2.splat(1.0))));
  return v128.or(y, v128.and(x, f64x2.splat(-0.0)));
}

/** tanh of two float64 lanes holding any float32 values: x itself when tiny or nan, ±1 when saturated. */
@inline
function tanhWide2(x: v128): v128 {
  const a = f64x2.abs(x);
  const signed = tanhInRange2(x, a);
  const one = v128.or(f64x2.splat(1.0), v128.and(x, f64x2.splat(-0.0)));
  const keep = v128.or(f64x2.lt(a, f64x2.splat(TANH_TINY)), f64x2.ne(x, x));
  const saturated = f64x2.gt(a, f64x2.splat(TANH_SATURATION));
  return v128.bitselect(one, v128.bitselect(x, signed, keep), saturated);
}

@inline
function tanh4(v: v128): v128 {
  const low = tanhWide2(f64x2.promote_low_f32x4(v));
  const high = tanhWide2(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5);
}

/**
 * out[i] = tanh(a[i]). Four values that are all in the polynomial's range (nearly always, in
 * a network) skip the selects that handle the rest: the same operations on them, so the same
 * floats (tools/tanh-exhaustive.ts checks all 2^32 inputs against the plain twin).
 */
export function tanh(a: usize, out: usize, length: i32): void {
  const n4 = length & ~3;
  const tiny = f32x4.splat(<f32>TANH_TINY);
  const saturation = f32x4.splat(<f32>TANH_SATURATION);
  let i = 0;
  for (; i < n4; i += 4) {
    const v = v128.load(at(a, i));
    const m = f32x4.abs(v);
    // false for nan too
    const inRange = v128.and(f32x4.ge(m, tiny), f32x4.le(m, saturation));
    if (!i32x4.all_true(inRange)) {
      v128.store(at(out, i), tanh4(v));
      continue;
    }
    const low = f64x2.promote_low_f32x4(v);
    const high = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    const yLow = f32x4.demote_f64x2_zero(tanhInRange2(low, f64x2.abs(low)));
    const yHigh = f32x4.demote_f64x2_zero(tanhInRange2(high, f64x2.abs(high)));
    v128.store(at(out, i), v128.shuffle<f32>(yLow, yHigh, 0, 1, 4, 5));
  }
  for (; i < length; i++)
    store<f32>(at(out, i), f32x4.extract_lane(tanh4(f32x4.splat(load<f32>(at(a, i)))), 0));
}
/** 1 - y² for four float32 lanes, rounded once (as PyTorch's fused multiply-add rounds it). */
@inline
function oneMinusSquare4(y: v128): v128 {
  const one = f64x2.splat(1.0);
  const low = f64x2.promote_low_f32x4(y);
  const high = f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 0, 1));
  // y² is exact in float64, and 1 - y² too wherever float32 could tell the difference
  const dLow = f32x4.demote_f64x2_zero(f64x2.sub(one, f64x2.mul(low, low)));
  const dHigh = f32x4.demote_f64x2_zero(f64x2.sub(one, f64x2.mul(high, high)));
  return v128.shuffle<f32>(dLow, dHigh, 0, 1, 4, 5);
}

/** out[i] = g[i] · (1 - y[i]²), with y = tanh(x) and 1 - y² rounded once. */
export function tanhBackward(y: usize, g: usize, out: usize, length: i32): void {
  const n4 = length & ~3;
  let i = 0;
  for (; i < n4; i += 4)
    v128.store(at(out, i), f32x4.mul(v128.load(at(g, i)), oneMinusSquare4(v128.load(at(y, i)))));
  for (; i < length; i++) {
    const d = f32x4.extract_lane(oneMinusSquare4(f32x4.splat(load<f32>(at(y, i)))), 0);
    store<f32>(at(out, i), load<f32>(at(g, i)) * d);
  }
}
// ——— end of tanh ———

/** Nine floats for peak() to read: small, so its sums stay far from overflow for any run. */
const PEAK_DATA = memory.data<f32>([1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3, 7e-3, 8e-3, 9e-3]);

/**
 * The machine's peak, measured: the most four-lane multiply-adds a loop can retire. Eight
 * independent sums, each adding a product that does not depend on it (so neither the
 * multipliers nor the adders wait on a result), fed by the loads a matrix product does:
 * 64 floating-point operations per pass. Returns a sum so the work cannot be skipped.
 */
export function peak(iterations: i32): f32 {
  const data = PEAK_DATA;
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let c2 = f32x4.splat(0);
  let c3 = f32x4.splat(0);
  let d0 = f32x4.splat(0);
  let d1 = f32x4.splat(0);
  let d2 = f32x4.splat(0);
  let d3 = f32x4.splat(0);
  for (let i = 0; i < iterations; i++) {
    const p = data + (<usize>(i & 7) << 2);
    const x = v128.load32_splat(p);
    const y = v128.load32_splat(p, 4);
    const b0 = v128.load(data);
    const b1 = v128.load(data, 16);
    const b2 = v128.load(data, 4);
    const b3 = v128.load(data, 8);
    c0 = f32x4.add(c0, f32x4.mul(x, b0));
    c1 = f32x4.add(c1, f32x4.mul(x, b1));
    c2 = f32x4.add(c2, f32x4.mul(x, b2));
    c3 = f32x4.add(c3, f32x4.mul(x, b3));
    d0 = f32x4.add(d0, f32x4.mul(y, b0));
    d1 = f32x4.add(d1, f32x4.mul(y, b1));
    d2 = f32x4.add(d2, f32x4.mul(y, b2));
    d3 = f32x4.add(d3, f32x4.mul(y, b3));
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)),
    f32x4.add(f32x4.add(d0, d1), f32x4.add(d2, d3)),
  );
  return horizontalSum(s);
}

// exp for four lanes at once: x = n·ln2 + r with |r| ≤ ln2/2, exp(r) by a degree-6 polynomial
// (the classic float32 fit, within about one unit in the last place), and 2^n put straight into
// the exponent bits. Inputs below -87.3 give about 1e-38 instead of a denormal or zero, and
// above 88.7 the largest finite float32s: the softmax here only ever exponentiates x - max ≤ 0.
const EXP_LO: f32 = -87.33654;
const EXP_HI: f32 = 88.72283;
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

@inline
function exp4(v: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(v, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(
    f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))),
    f32x4.mul(n, f32x4.splat(LN2_LO)),
  );
  let p = madd(r, f32x4.splat(P0), P1);
  p = madd(p, r, P2);
  p = madd(p, r, P3);
  p = madd(p, r, P4);
  p = madd(p, r, P5);
  const r2 = f32x4.mul(r, r);
  p = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/**
 * Mean cross-entropy of rows of logits (rows×width) against target classes (int32), stable:
 * the row's max is subtracted before exponentiating. Leaves softmax in `probs`. Four columns
 * at a time; the lanes past a row's end are masked out of the max and the sum.
 */
export function crossEntropyForward(
  logits: usize,
  targets: usize,
  rows: i32,
  width: i32,
  probs: usize,
): f64 {
  const w4 = width & ~3;
  const tail = laneMask(width - w4);
  const minusInf = f32x4.splat(-Infinity);
  let loss: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const row = at(logits, r * width);
    const out = at(probs, r * width);
    let top4 = minusInf;
    let j = 0;
    for (; j < w4; j += 4) top4 = f32x4.max(top4, v128.load(at(row, j)));
    if (j < width) top4 = f32x4.max(top4, v128.bitselect(v128.load(at(row, j)), minusInf, tail));
    const top = max<f32>(
      max<f32>(f32x4.extract_lane(top4, 0), f32x4.extract_lane(top4, 1)),
      max<f32>(f32x4.extract_lane(top4, 2), f32x4.extract_lane(top4, 3)),
    );
    const shift = f32x4.splat(top);
    let total4 = f32x4.splat(0);
    for (j = 0; j < w4; j += 4) {
      const e = exp4(f32x4.sub(v128.load(at(row, j)), shift));
      v128.store(at(out, j), e);
      total4 = f32x4.add(total4, e);
    }
    if (j < width) {
      const e = v128.and(exp4(f32x4.sub(v128.load(at(row, j)), shift)), tail);
      storeFirst(at(out, j), e, width - j, false);
      total4 = f32x4.add(total4, e);
    }
    const total = <f64>horizontalSum(total4);
    const inverse = f32x4.splat(<f32>(1 / total));
    for (j = 0; j < w4; j += 4) v128.store(at(out, j), f32x4.mul(v128.load(at(out, j)), inverse));
    for (; j < width; j++) store<f32>(at(out, j), load<f32>(at(out, j)) * f32x4.extract_lane(inverse, 0));
    const target = load<i32>(at(targets, r));
    loss += Math.log(total) + <f64>top - <f64>load<f32>(at(row, target));
  }
  return loss / rows;
}

/** out[i, :] = table[indices[i], :], rows of `width` floats: the embedding lookup C[X]. */
export function gatherRows(table: usize, indices: usize, count: i32, width: i32, out: usize): void {
  const w4 = width & ~3;
  for (let i = 0; i < count; i++) {
    const from = at(table, load<i32>(at(indices, i)) * width);
    const to = at(out, i * width);
    let j = 0;
    for (; j < w4; j += 4) v128.store(at(to, j), v128.load(at(from, j)));
    for (; j < width; j++) store<f32>(at(to, j), load<f32>(at(from, j)));
  }
}

/** out[indices[i], :] += g[i, :]: the gradient of gatherRows. */
export function scatterAddRows(g: usize, indices: usize, count: i32, width: i32, out: usize): void {
  const w4 = width & ~3;
  for (let i = 0; i < count; i++) {
    const from = at(g, i * width);
    const to = at(out, load<i32>(at(indices, i)) * width);
    let j = 0;
    for (; j < w4; j += 4)
      v128.store(at(to, j), f32x4.add(v128.load(at(to, j)), v128.load(at(from, j))));
    for (; j < width; j++) store<f32>(at(to, j), load<f32>(at(to, j)) + load<f32>(at(from, j)));
  }
}

/** out = (softmax - one-hot(target)) · factor, row by row. */
export function crossEntropyBackward(
  probs: usize,
  targets: usize,
  rows: i32,
  width: i32,
  factor: f64,
  out: usize,
): void {
  for (let r = 0; r < rows; r++) {
    const target = load<i32>(at(targets, r));
    for (let j = 0; j < width; j++) {
      const p = <f64>load<f32>(at(probs, r * width + j)) - (j == target ? 1.0 : 0.0);
      store<f32>(at(out, r * width + j), <f32>(p * factor));
    }
  }
}

// ═══ Lecture 7's GPT: ReLU, softmax over rows, layer norm over rows ═══════════════════════
// (kept together here, apart from the matrix products above; each does what its plain twin
// in ../../plain/ does, within float32 rounding: sums in float32 lanes, exp by exp4)

/** out[i] = 0 where a[i] < 0, else a[i]: NaN and -0 pass through, as PyTorch's clamp_min. */
export function relu(a: usize, out: usize, length: i32): void {
  const n4 = length & ~3;
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i < n4; i += 4) {
    const x = v128.load(at(a, i));
    v128.store(at(out, i), v128.andnot(x, f32x4.lt(x, zero)));
  }
  for (; i < length; i++) {
    const x = load<f32>(at(a, i));
    store<f32>(at(out, i), x < 0 ? 0 : x);
  }
}

/** out[i] = 0 where y[i] = relu(x[i]) <= 0, else g[i] (NaN passes g), as threshold_backward. */
export function reluBackward(y: usize, g: usize, out: usize, length: i32): void {
  const n4 = length & ~3;
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i < n4; i += 4)
    v128.store(at(out, i), v128.andnot(v128.load(at(g, i)), f32x4.le(v128.load(at(y, i)), zero)));
  for (; i < length; i++) store<f32>(at(out, i), load<f32>(at(y, i)) <= 0 ? 0 : load<f32>(at(g, i)));
}

/** The largest of the row's `width` floats (lanes past the end masked to -inf). */
@inline
function rowMax(row: usize, width: i32): f32 {
  const w4 = width & ~3;
  const minusInf = f32x4.splat(-Infinity);
  let top4 = minusInf;
  let j = 0;
  for (; j < w4; j += 4) top4 = f32x4.max(top4, v128.load(at(row, j)));
  for (; j < width; j++) top4 = f32x4.max(top4, f32x4.splat(load<f32>(at(row, j))));
  return max<f32>(
    max<f32>(f32x4.extract_lane(top4, 0), f32x4.extract_lane(top4, 1)),
    max<f32>(f32x4.extract_lane(top4, 2), f32x4.extract_lane(top4, 3)),
  );
}

/** exp(d) for d = x - max ≤ 0, exactly 0 below exp4's range (a masked -inf becomes 0). */
@inline
function expShifted(d: v128): v128 {
  return v128.and(exp4(d), f32x4.ge(d, f32x4.splat(EXP_LO)));
}

/** Softmax of each row of `width` (rows·width = length), the row's max subtracted first. */
export function softmaxRows(a: usize, length: i32, width: i32, out: usize): void {
  const w4 = width & ~3;
  for (let start = 0; start < length; start += width) {
    const row = at(a, start);
    const o = at(out, start);
    const shift = f32x4.splat(rowMax(row, width));
    let total4 = f32x4.splat(0);
    let total: f32 = 0;
    let j = 0;
    for (; j < w4; j += 4) {
      const e = expShifted(f32x4.sub(v128.load(at(row, j)), shift));
      v128.store(at(o, j), e);
      total4 = f32x4.add(total4, e);
    }
    for (; j < width; j++) {
      const e = f32x4.extract_lane(
        expShifted(f32x4.sub(f32x4.splat(load<f32>(at(row, j))), shift)),
        0,
      );
      store<f32>(at(o, j), e);
      total += e;
    }
    const inverse = f32x4.splat(<f32>1 / (horizontalSum(total4) + total));
    for (j = 0; j < w4; j += 4) v128.store(at(o, j), f32x4.mul(v128.load(at(o, j)), inverse));
    for (; j < width; j++) store<f32>(at(o, j), load<f32>(at(o, j)) * f32x4.extract_lane(inverse, 0));
  }
}

/** out += y · (g - Σ g·y), row by row: softmax's gradient from its output y. */
export function softmaxRowsBackward(y: usize, g: usize, length: i32, width: i32, out: usize): void {
  const w4 = width & ~3;
  for (let start = 0; start < length; start += width) {
    const yr = at(y, start);
    const gr = at(g, start);
    const o = at(out, start);
    let dot4 = f32x4.splat(0);
    let dot: f32 = 0;
    let j = 0;
    for (; j < w4; j += 4)
      dot4 = f32x4.add(dot4, f32x4.mul(v128.load(at(gr, j)), v128.load(at(yr, j))));
    for (; j < width; j++) dot += load<f32>(at(gr, j)) * load<f32>(at(yr, j));
    const d = horizontalSum(dot4) + dot;
    const dv = f32x4.splat(d);
    for (j = 0; j < w4; j += 4) {
      const step = f32x4.mul(v128.load(at(yr, j)), f32x4.sub(v128.load(at(gr, j)), dv));
      v128.store(at(o, j), f32x4.add(v128.load(at(o, j)), step));
    }
    for (; j < width; j++)
      store<f32>(at(o, j), load<f32>(at(o, j)) + load<f32>(at(yr, j)) * (load<f32>(at(gr, j)) - d));
  }
}

/** Σ of a row's `width` floats in four lanes and a scalar tail. */
@inline
function rowSum(row: usize, width: i32): f32 {
  const w4 = width & ~3;
  let s4 = f32x4.splat(0);
  let s: f32 = 0;
  let j = 0;
  for (; j < w4; j += 4) s4 = f32x4.add(s4, v128.load(at(row, j)));
  for (; j < width; j++) s += load<f32>(at(row, j));
  return horizontalSum(s4) + s;
}

/**
 * Layer norm of each row of `width`: (x - mean)·rstd·weight + bias with rstd = 1/sqrt(var + eps)
 * (the biased variance, from the deviations); each row's mean and rstd go to `mean`, `rstd`.
 */
export function layerNormRows(
  x: usize,
  weight: usize,
  bias: usize,
  rows: i32,
  width: i32,
  eps: f32,
  out: usize,
  mean: usize,
  rstd: usize,
): void {
  const w4 = width & ~3;
  for (let r = 0; r < rows; r++) {
    const row = at(x, r * width);
    const o = at(out, r * width);
    const m = rowSum(row, width) / <f32>width;
    const mv = f32x4.splat(m);
    let sq4 = f32x4.splat(0);
    let sq: f32 = 0;
    let j = 0;
    for (; j < w4; j += 4) {
      const d = f32x4.sub(v128.load(at(row, j)), mv);
      sq4 = f32x4.add(sq4, f32x4.mul(d, d));
    }
    for (; j < width; j++) {
      const d = load<f32>(at(row, j)) - m;
      sq += d * d;
    }
    const s = <f32>1 / Mathf.sqrt((horizontalSum(sq4) + sq) / <f32>width + eps);
    store<f32>(at(mean, r), m);
    store<f32>(at(rstd, r), s);
    const sv = f32x4.splat(s);
    for (j = 0; j < w4; j += 4) {
      const xhat = f32x4.mul(f32x4.sub(v128.load(at(row, j)), mv), sv);
      const y = f32x4.add(f32x4.mul(xhat, v128.load(at(weight, j))), v128.load(at(bias, j)));
      v128.store(at(o, j), y);
    }
    for (; j < width; j++)
      store<f32>(
        at(o, j),
        (load<f32>(at(row, j)) - m) * s * load<f32>(at(weight, j)) + load<f32>(at(bias, j)),
      );
  }
}

/**
 * The gradients of layerNormRows: with x̂ = (x - mean)·rstd and dx̂ = g·weight,
 * dx = rstd·(dx̂ - mean(dx̂) - x̂·mean(dx̂·x̂)) written whole, dweight = Σ g·x̂ and dbias = Σ g
 * over the rows, written whole.
 */
export function layerNormRowsBackward(
  x: usize,
  weight: usize,
  mean: usize,
  rstd: usize,
  g: usize,
  rows: i32,
  width: i32,
  dx: usize,
  dweight: usize,
  dbias: usize,
): void {
  const w4 = width & ~3;
  memory.fill(dweight, 0, <usize>width << 2);
  memory.fill(dbias, 0, <usize>width << 2);
  for (let r = 0; r < rows; r++) {
    const row = at(x, r * width);
    const gr = at(g, r * width);
    const o = at(dx, r * width);
    const m = load<f32>(at(mean, r));
    const s = load<f32>(at(rstd, r));
    const mv = f32x4.splat(m);
    const sv = f32x4.splat(s);
    let sumDy4 = f32x4.splat(0);
    let sumDyXhat4 = f32x4.splat(0);
    let sumDy: f32 = 0;
    let sumDyXhat: f32 = 0;
    let j = 0;
    for (; j < w4; j += 4) {
      const xhat = f32x4.mul(f32x4.sub(v128.load(at(row, j)), mv), sv);
      const gj = v128.load(at(gr, j));
      const dy = f32x4.mul(gj, v128.load(at(weight, j)));
      sumDy4 = f32x4.add(sumDy4, dy);
      sumDyXhat4 = f32x4.add(sumDyXhat4, f32x4.mul(dy, xhat));
      v128.store(at(dweight, j), f32x4.add(v128.load(at(dweight, j)), f32x4.mul(gj, xhat)));
      v128.store(at(dbias, j), f32x4.add(v128.load(at(dbias, j)), gj));
    }
    for (; j < width; j++) {
      const xhat = (load<f32>(at(row, j)) - m) * s;
      const gj = load<f32>(at(gr, j));
      const dy = gj * load<f32>(at(weight, j));
      sumDy += dy;
      sumDyXhat += dy * xhat;
      store<f32>(at(dweight, j), load<f32>(at(dweight, j)) + gj * xhat);
      store<f32>(at(dbias, j), load<f32>(at(dbias, j)) + gj);
    }
    const meanDy = (horizontalSum(sumDy4) + sumDy) / <f32>width;
    const meanDyXhat = (horizontalSum(sumDyXhat4) + sumDyXhat) / <f32>width;
    const a = f32x4.splat(meanDy);
    const b = f32x4.splat(meanDyXhat);
    for (j = 0; j < w4; j += 4) {
      const xhat = f32x4.mul(f32x4.sub(v128.load(at(row, j)), mv), sv);
      const dy = f32x4.mul(v128.load(at(gr, j)), v128.load(at(weight, j)));
      v128.store(at(o, j), f32x4.mul(sv, f32x4.sub(f32x4.sub(dy, a), f32x4.mul(xhat, b))));
    }
    for (; j < width; j++) {
      const xhat = (load<f32>(at(row, j)) - m) * s;
      const dy = load<f32>(at(gr, j)) * load<f32>(at(weight, j));
      store<f32>(at(o, j), s * (dy - meanDy - xhat * meanDyXhat));
    }
  }
}
// ═══ end of lecture 7's kernels ═════════════════════════════════════════════════════════════

// ——— The variance and the spread of a sum's gradient, over one dimension ———
// Twins of varianceDim, varianceDimBackward and expandDim in ../../plain/reduce.ts, doing the
// same float64 operations in the same order (float64 arithmetic is the same in WebAssembly as
// in JavaScript), so they agree with the plain loops to the bit: the training runs' losses do
// not depend on which kernels ran. Four columns at a time, in two vectors of two float64 lanes.

/** The four float32 lanes of v as two float64 vectors: [v0, v1] and [v2, v3]. */
@inline
function lowHalf(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

@inline
function highHalf(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** Rounds two float64 vectors to float32 and stores the four values at o. */
@inline
function storeRounded(o: usize, low: v128, high: v128): void {
  const l = f32x4.demote_f64x2_zero(low);
  const h = f32x4.demote_f64x2_zero(high);
  v128.store(o, v128.shuffle<f32>(l, h, 0, 1, 4, 5));
}

/**
 * out[o, i] = Σ_s (a[o, s, i] − mean)² / divisor, or its square root when `root` (std), the
 * mean being Σ_s a[o, s, i] / size: both sums in float64 from s = 0 up, the result rounded to
 * float32 once.
 */
export function varianceDim(
  a: usize,
  outer: i32,
  size: i32,
  inner: i32,
  divisor: f64,
  root: i32,
  out: usize,
): void {
  const inner4 = inner & ~3;
  const stride = <usize>inner << 2;
  const count = f64x2.splat(<f64>size);
  const by = f64x2.splat(divisor);
  for (let o = 0; o < outer; o++) {
    const block = at(a, o * size * inner);
    let i = 0;
    for (; i < inner4; i += 4) {
      let low = f64x2.splat(0);
      let high = f64x2.splat(0);
      let p = at(block, i);
      for (let s = 0; s < size; s++) {
        const v = v128.load(p);
        low = f64x2.add(low, lowHalf(v));
        high = f64x2.add(high, highHalf(v));
        p += stride;
      }
      low = f64x2.div(low, count);
      high = f64x2.div(high, count);
      let squaresLow = f64x2.splat(0);
      let squaresHigh = f64x2.splat(0);
      p = at(block, i);
      for (let s = 0; s < size; s++) {
        const v = v128.load(p);
        const dl = f64x2.sub(lowHalf(v), low);
        const dh = f64x2.sub(highHalf(v), high);
        squaresLow = f64x2.add(squaresLow, f64x2.mul(dl, dl));
        squaresHigh = f64x2.add(squaresHigh, f64x2.mul(dh, dh));
        p += stride;
      }
      let varianceLow = f64x2.div(squaresLow, by);
      let varianceHigh = f64x2.div(squaresHigh, by);
      if (root) {
        varianceLow = f64x2.sqrt(varianceLow);
        varianceHigh = f64x2.sqrt(varianceHigh);
      }
      storeRounded(at(out, o * inner + i), varianceLow, varianceHigh);
    }
    for (; i < inner; i++) {
      let mean: f64 = 0;
      let p = at(block, i);
      for (let s = 0; s < size; s++) {
        mean += <f64>load<f32>(p);
        p += stride;
      }
      mean /= <f64>size;
      let squares: f64 = 0;
      p = at(block, i);
      for (let s = 0; s < size; s++) {
        const d = <f64>load<f32>(p) - mean;
        squares += d * d;
        p += stride;
      }
      const variance = squares / divisor;
      store<f32>(at(out, o * inner + i), <f32>(root ? Math.sqrt(variance) : variance));
    }
  }
}

/**
 * PyTorch's var_backward in float32 lanes: ((2 / divisor) · g) · (x − mean), each product and
 * the difference rounded to float32 (the twin of plain varianceDimBackward: a float32 operation
 * is the float64 one rounded, so the two agree to the bit). `means` are float32, PyTorch's.
 */
export function varianceDimBackward(
  a: usize,
  means: usize,
  g: usize,
  outer: i32,
  size: i32,
  inner: i32,
  divisor: f64,
  out: usize,
): void {
  const inner4 = inner & ~3;
  const scale = <f32>(2 / divisor);
  const scale4 = f32x4.splat(scale);
  for (let o = 0; o < outer; o++) {
    const gRow = at(g, o * inner);
    const mRow = at(means, o * inner);
    for (let s = 0; s < size; s++) {
      const row = (o * size + s) * inner;
      let i = 0;
      for (; i < inner4; i += 4) {
        const scaled = f32x4.mul(scale4, v128.load(at(gRow, i)));
        const deviation = f32x4.sub(v128.load(at(a, row + i)), v128.load(at(mRow, i)));
        v128.store(at(out, row + i), f32x4.mul(scaled, deviation));
      }
      for (; i < inner; i++) {
        const scaled = scale * load<f32>(at(gRow, i));
        store<f32>(at(out, row + i), scaled * (load<f32>(at(a, row + i)) - load<f32>(at(mRow, i))));
      }
    }
  }
}

/** out[o, s, i] = g[o, i] / divisor, divided in float64 and rounded: a sum's or a mean's gradient (PyTorch's g / n). */
export function expandDim(
  g: usize,
  outer: i32,
  size: i32,
  inner: i32,
  divisor: f64,
  out: usize,
): void {
  // Each column's quotient is the same for every s: the first row is divided, the others copied.
  const inner4 = inner & ~3;
  const by = f64x2.splat(divisor);
  for (let o = 0; o < outer; o++) {
    const gRow = at(g, o * inner);
    const first = at(out, o * size * inner);
    let i = 0;
    if (inner == 1) {
      // One quotient for the whole block: stored four at a time.
      const q = <f32>(<f64>load<f32>(gRow) / divisor);
      const q4 = f32x4.splat(q);
      const size4 = size & ~3;
      for (; i < size4; i += 4) v128.store(at(first, i), q4);
      for (; i < size; i++) store<f32>(at(first, i), q);
      continue;
    }
    for (; i < inner4; i += 4) {
      const gv = v128.load(at(gRow, i));
      storeRounded(at(first, i), f64x2.div(lowHalf(gv), by), f64x2.div(highHalf(gv), by));
    }
    for (; i < inner; i++) store<f32>(at(first, i), <f32>(<f64>load<f32>(at(gRow, i)) / divisor));
    for (let s = 1; s < size; s++) {
      const row = at(first, s * inner);
      i = 0;
      for (; i < inner4; i += 4) v128.store(at(row, i), v128.load(at(first, i)));
      for (; i < inner; i++) store<f32>(at(row, i), load<f32>(at(first, i)));
    }
  }
}

// PyTorch's cascade sum (plain/cascade.ts, whose comments say what each step is): the same
// float32 additions in the same order, so the two agree to the bit. A float32 addition in
// WebAssembly is the float64 one rounded, as the plain loop's Math.fround(l + x) is.

/** The block size's bits for a run of n: 4 up to 2^16 elements, then max(4, ⌊⌈log2 n⌉ / 4⌋). */
@inline
function cascadeBits(n: i32): i32 {
  return n > 1 << 16 ? max(4, (32 - clz(n - 1)) >> 2) : 4;
}

/** multi_row_sum for one lane: n floats `stride` bytes apart, in blocks of 2^bits, four levels. */
@inline
function cascadeRun(p: usize, stride: usize, n: i32): f32 {
  const bits = cascadeBits(n);
  const step = 1 << bits;
  const mask = step - 1;
  let l0: f32 = 0;
  let l1: f32 = 0;
  let l2: f32 = 0;
  let l3: f32 = 0;
  let i = 0;
  while (i + step <= n) {
    for (let j = 0; j < step; j++) {
      l0 += load<f32>(p);
      p += stride;
    }
    i += step;
    l1 += l0;
    l0 = 0;
    if ((i & (mask << bits)) != 0) continue;
    l2 += l1;
    l1 = 0;
    if ((i & (mask << (2 * bits))) != 0) continue;
    l3 += l2;
    l2 = 0;
  }
  for (; i < n; i++) {
    l0 += load<f32>(p);
    p += stride;
  }
  return l0 + l1 + l2 + l3;
}

/** cascadeRun for four adjacent columns at once, one in each lane: the same additions per lane. */
@inline
function cascadeRun4(p: usize, stride: usize, n: i32): v128 {
  const bits = cascadeBits(n);
  const step = 1 << bits;
  const mask = step - 1;
  const zero = f32x4.splat(0);
  let l0 = zero;
  let l1 = zero;
  let l2 = zero;
  let l3 = zero;
  let i = 0;
  while (i + step <= n) {
    for (let j = 0; j < step; j++) {
      l0 = f32x4.add(l0, v128.load(p));
      p += stride;
    }
    i += step;
    l1 = f32x4.add(l1, l0);
    l0 = zero;
    if ((i & (mask << bits)) != 0) continue;
    l2 = f32x4.add(l2, l1);
    l1 = zero;
    if ((i & (mask << (2 * bits))) != 0) continue;
    l3 = f32x4.add(l3, l2);
    l2 = zero;
  }
  for (; i < n; i++) {
    l0 = f32x4.add(l0, v128.load(p));
    p += stride;
  }
  return f32x4.add(f32x4.add(f32x4.add(l0, l1), l2), l3);
}

/** row_sum: four interleaved runs, the leftover elements added to the first, then the four added. */
function cascadeRow(p: usize, stride: usize, n: i32): f32 {
  const quarter = n >> 2;
  const stride4 = stride << 2;
  let first = cascadeRun(p, stride4, quarter);
  const second = cascadeRun(p + stride, stride4, quarter);
  const third = cascadeRun(p + 2 * stride, stride4, quarter);
  const fourth = cascadeRun(p + 3 * stride, stride4, quarter);
  for (let i = quarter << 2; i < n; i++) first += load<f32>(p + <usize>i * stride);
  return first + second + third + fourth;
}

/**
 * out[o·inner + i] = the sum over the middle of [outer, size, inner] in PyTorch's order, as
 * plain cascadeSumDim: a contiguous row (inner 1) in eight lanes, the tail first; else the
 * columns in whole groups as runs (here four at a time), the rest as rows.
 */
export function cascadeSumDim(a: usize, outer: i32, size: i32, inner: i32, out: usize): void {
  const grouped = inner >= 8 ? (inner >> 5) << 5 : inner & ~3;
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const block = at(a, o * size * inner);
    if (inner == 1) {
      let total: f32 = 0;
      if (size < 8) total = cascadeRow(block, 4, size);
      else {
        const vectors = size >> 3;
        for (let k = vectors << 3; k < size; k++) total += load<f32>(at(block, k));
        for (let l = 0; l < 8; l++) total += cascadeRow(at(block, l), 32, vectors);
      }
      store<f32>(at(out, o), total);
      continue;
    }
    let i = 0;
    for (; i < grouped; i += 4)
      v128.store(at(out, o * inner + i), cascadeRun4(at(block, i), stride, size));
    for (; i < inner; i++)
      store<f32>(at(out, o * inner + i), cascadeRow(at(block, i), stride, size));
  }
}

// ——— end of the variance and spread kernels ———
