/**
 * The WebAssembly kernels as a backend. Each kernel below runs in WebAssembly when it can (its
 * float32 arrays live in the module's memory, or can be copied through the staging area) and
 * otherwise leaves the work to its plain twin; every other kernel is the plain one.
 */
import type { Backend, BinaryOp } from "../backend.ts";
import { plainBackend as plain } from "../plain/backend.ts";
import { isColumn, isRow } from "../plain/elementwise.ts";
import type { Storage } from "../storage.ts";
import type { WasmRuntime } from "./runtime.ts";
import { STAGING_FLOATS, Staging } from "./staging.ts";

/** A kernel call, given the addresses of its arrays in the module's memory, in order (up to nine). */
type Kernel = (
  p0: number,
  p1: number,
  p2: number,
  p3: number,
  p4: number,
  p5: number,
  p6: number,
  p7: number,
  p8: number,
) => void;

/** The op codes of the elementwise kernels (apply() in assembly/kernels.ts). */
const opCodes: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

/** Below this many columns g·bᵀ turns b over first (its rows are too short to run well). */
const SHORT_ROWS = 64;

export function wasmBackend(runtime: WasmRuntime): Backend {
  const e = runtime.exports;
  const staging = new Staging(runtime.allocator);
  const addresses = [0, 0, 0, 0, 0, 0, 0, 0, 0];

  /**
   * Runs one WebAssembly kernel on `arrays`, each used as `plan` says, one letter per array:
   * "r" the kernel reads it, "w" writes all of it, "u" reads and adds to it, "i" reads it as
   * integer indices. Float32 arrays in the module's memory are used in place; ordinary ones are
   * copied through the staging area (and copied back after the kernel when it writes them);
   * indices are copied to the index area. `kernel` gets their addresses, in order. Returns
   * false, having run nothing, when an array cannot be placed (not float32, or too large to
   * copy): the caller then runs the plain twin.
   */
  function run(plan: string, arrays: readonly Storage[], kernel: Kernel): boolean {
    for (let i = 0; i < arrays.length; i++) {
      const use = plan[i];
      const array = arrays[i]!;
      const address =
        use === "i"
          ? staging.copyIndices(array as Int32Array)
          : staging.place(array, use !== "w", use !== "r");
      if (address < 0) {
        staging.discard();
        return false;
      }
      addresses[i] = address;
    }
    const [p0, p1, p2, p3, p4, p5, p6, p7, p8] = addresses as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    kernel(p0, p1, p2, p3, p4, p5, p6, p7, p8);
    staging.finish();
    return true;
  }

  /**
   * a op b when one side is whole and the other the same size, a number, a row over every row
   * (a bias, a gain) or a column over every column (a row's sum kept as [n, 1]), either side;
   * false for other layouts (and pow), which the plain loops walk.
   */
  function binary(
    op: BinaryOp,
    a: Storage,
    aShape: readonly number[],
    b: Storage,
    bShape: readonly number[],
    out: Storage,
    outShape: readonly number[],
  ): boolean {
    const code = opCodes[op];
    const n = out.length;
    if (code === undefined || n === 0) return false;
    if (a.length === n && b.length === n)
      return run("rrw", [a, b, out], (pa, pb, po) => e.binarySame(code, pa, pb, po, n));
    if (a.length === n && b.length === 1)
      return run("rw", [a, out], (pa, po) => e.binaryScalar(code, pa, b[0]!, po, n));
    // (A number on the left only from a float32 tensor: a float64 one would be rounded first.)
    if (b.length === n && a.length === 1 && a instanceof Float32Array)
      return run("rw", [b, out], (pb, po) => e.binaryScalarLeft(code, a[0]!, pb, po, n));
    const width = outShape[outShape.length - 1] ?? 1;
    const rows = n / width;
    if (a.length === n && isRow(b, bShape, width))
      return run("rrw", [a, b, out], (pa, pb, po) => e.binaryRow(code, pa, pb, po, rows, width));
    if (b.length === n && isRow(a, aShape, width))
      return run("rrw", [a, b, out], (pa, pb, po) =>
        e.binaryRowLeft(code, pa, pb, po, rows, width),
      );
    if (a.length === n && isColumn(b, bShape, outShape))
      return run("rrw", [a, b, out], (pa, pb, po) => e.binaryColumn(code, pa, pb, po, rows, width));
    if (b.length === n && isColumn(a, aShape, outShape))
      return run("rrw", [a, b, out], (pa, pb, po) =>
        e.binaryColumnLeft(code, pa, pb, po, rows, width),
      );
    return false;
  }

  return {
    ...plain,
    name: "wasm",
    memory: runtime.allocator,

    binary(op, a, aShape, b, bShape, out, outShape) {
      if (!binary(op, a, aShape, b, bShape, out, outShape))
        plain.binary(op, a, aShape, b, bShape, out, outShape);
    },

    unary(op, a, out) {
      if (op === "tanh" && run("rw", [a, out], (pa, po) => e.tanh(pa, po, a.length))) return;
      if (op === "relu" && run("rw", [a, out], (pa, po) => e.relu(pa, po, a.length))) return;
      // -x is x · (-1) exactly (the sign of zero included).
      const mul = opCodes.mul!;
      if (
        op === "neg" &&
        run("rw", [a, out], (pa, po) => e.binaryScalar(mul, pa, -1, po, a.length))
      )
        return;
      plain.unary(op, a, out);
    },

    unaryBackward(op, x, y, g, out) {
      const n = g.length;
      if (op === "tanh" && run("rrw", [y, g, out], (py, pg, po) => e.tanhBackward(py, pg, po, n)))
        return;
      if (op === "relu" && run("rrw", [y, g, out], (py, pg, po) => e.reluBackward(py, pg, po, n)))
        return;
      plain.unaryBackward(op, x, y, g, out);
    },

    sumToShape(source, sourceShape, target, targetShape) {
      // Column sums (the gradient of a bias added to every row).
      const width = sourceShape[sourceShape.length - 1] ?? 1;
      const columns = target.length === width && targetShape[targetShape.length - 1] === width;
      const rows = source.length / width;
      if (columns && run("ru", [source, target], (ps, pt) => e.columnSums(ps, rows, width, pt)))
        return;
      plain.sumToShape(source, sourceShape, target, targetShape);
    },

    matmul(a, b, out, m, k, n) {
      if (run("rrw", [a, b, out], (pa, pb, po) => e.matmul(pa, pb, po, m, k, n))) return;
      // Too large to place whole (a whole split's activations, past the pool's limit): rows at
      // a time through the staging area, in float64 sums as the plain loop adds them, so the
      // results are the plain loop's to the bit.
      const rowsAtOnce = Math.floor((STAGING_FLOATS - k * n - 16) / (k + n));
      if (!(a instanceof Float32Array && b instanceof Float32Array) || rowsAtOnce < 1) {
        plain.matmul(a, b, out, m, k, n);
        return;
      }
      for (let i = 0; i < m; i += rowsAtOnce) {
        const rows = Math.min(rowsAtOnce, m - i);
        const aRows = a.subarray(i * k, (i + rows) * k);
        const outRows = out.subarray(i * n, (i + rows) * n);
        const ran = run("rrw", [aRows, b, outRows], (pa, pb, po) =>
          e.matmulWide(pa, pb, po, rows, k, n),
        );
        if (!ran) plain.matmul(aRows, b, outRows, rows, k, n);
      }
    },

    matmulTransposeB(g, b, out, m, n, k, accumulate = true) {
      const ran = run(accumulate ? "rru" : "rrw", [g, b, out], (pg, pb, po) => {
        // Over short rows b is turned over first and the product runs as matmul's, when the
        // staging area has room for the copy.
        const scratch = !accumulate && n < SHORT_ROWS ? staging.scratch(n * k) : -1;
        if (scratch >= 0) e.matmulTransposeBByCopy(pg, pb, po, m, n, k, scratch);
        else e.matmulTransposeB(pg, pb, po, m, n, k, accumulate ? 1 : 0);
      });
      if (!ran) plain.matmulTransposeB(g, b, out, m, n, k, accumulate);
    },

    matmulTransposeA(a, g, out, m, k, n, accumulate = true) {
      const plan = accumulate ? "rru" : "rrw";
      const flag = accumulate ? 1 : 0;
      if (run(plan, [a, g, out], (pa, pg, po) => e.matmulTransposeA(pa, pg, po, m, k, n, flag)))
        return;
      plain.matmulTransposeA(a, g, out, m, k, n, accumulate);
    },

    transpose(a, out, m, n) {
      if (run("rw", [a, out], (pa, po) => e.transpose(pa, po, m, n))) return;
      plain.transpose(a, out, m, n);
    },

    sumDim(a, outer, size, inner, out) {
      if (run("rw", [a, out], (pa, po) => e.sumDim(pa, outer, size, inner, po))) return;
      plain.sumDim(a, outer, size, inner, out);
    },

    varianceDim(a, outer, size, inner, divisor, root, out) {
      const flag = root ? 1 : 0;
      const ran = run("rw", [a, out], (pa, po) =>
        e.varianceDim(pa, outer, size, inner, divisor, flag, po),
      );
      if (!ran) plain.varianceDim(a, outer, size, inner, divisor, root, out);
    },

    cascadeSumDim(a, outer, size, inner, out) {
      if (run("rw", [a, out], (pa, po) => e.cascadeSumDim(pa, outer, size, inner, po))) return;
      plain.cascadeSumDim(a, outer, size, inner, out);
    },

    varianceDimBackward(a, means, g, outer, size, inner, divisor, out) {
      const ran = run("rrrw", [a, means, g, out], (pa, pm, pg, po) =>
        e.varianceDimBackward(pa, pm, pg, outer, size, inner, divisor, po),
      );
      if (!ran) plain.varianceDimBackward(a, means, g, outer, size, inner, divisor, out);
    },

    expandDim(g, outer, size, inner, out, divisor = 1) {
      if (run("rw", [g, out], (pg, po) => e.expandDim(pg, outer, size, inner, divisor, po))) return;
      plain.expandDim(g, outer, size, inner, out, divisor);
    },

    gatherRows(table, indices, width, out) {
      const n = indices.length;
      if (run("rwi", [table, out, indices], (pt, po, pi) => e.gatherRows(pt, pi, n, width, po)))
        return;
      plain.gatherRows(table, indices, width, out);
    },

    scatterAddRows(g, indices, width, out) {
      const n = indices.length;
      if (run("rui", [g, out, indices], (pg, po, pi) => e.scatterAddRows(pg, pi, n, width, po)))
        return;
      plain.scatterAddRows(g, indices, width, out);
    },

    // ——— lecture 7's kernels ———

    softmaxRows(a, width, out) {
      const n = a.length;
      if (run("rw", [a, out], (pa, po) => e.softmaxRows(pa, n, width, po))) return;
      plain.softmaxRows(a, width, out);
    },

    softmaxRowsBackward(y, g, width, out) {
      const n = y.length;
      if (run("rru", [y, g, out], (py, pg, po) => e.softmaxRowsBackward(py, pg, n, width, po)))
        return;
      plain.softmaxRowsBackward(y, g, width, out);
    },

    layerNormRows(x, weight, bias, width, eps, out, mean, rstd) {
      const rows = x.length / width;
      const ran = run("rrrwww", [x, weight, bias, out, mean, rstd], (px, pw, pb, po, pm, ps) =>
        e.layerNormRows(px, pw, pb, rows, width, eps, po, pm, ps),
      );
      if (!ran) plain.layerNormRows(x, weight, bias, width, eps, out, mean, rstd);
    },

    layerNormRowsBackward(x, weight, mean, rstd, g, width, dx, dweight, dbias) {
      const rows = x.length / width;
      const ran = run(
        "rrrrrwww",
        [x, weight, mean, rstd, g, dx, dweight, dbias],
        (px, pw, pm, ps, pg, pdx, pdw, pdb) =>
          e.layerNormRowsBackward(px, pw, pm, ps, pg, rows, width, pdx, pdw, pdb),
      );
      if (!ran) plain.layerNormRowsBackward(x, weight, mean, rstd, g, width, dx, dweight, dbias);
    },

    crossEntropyForward(logits, targets, width, probs) {
      const rows = targets.length;
      let loss = 0;
      const ran = run("rwi", [logits, probs, targets], (pl, pp, pt) => {
        loss = e.crossEntropyForward(pl, pt, rows, width, pp);
      });
      return ran ? loss : plain.crossEntropyForward(logits, targets, width, probs);
    },

    crossEntropyBackward(probs, targets, width, scaleBy, out) {
      const rows = targets.length;
      const factor = scaleBy / rows;
      const ran = run("rwi", [probs, out, targets], (pp, po, pt) =>
        e.crossEntropyBackward(pp, pt, rows, width, factor, po),
      );
      if (!ran) plain.crossEntropyBackward(probs, targets, width, scaleBy, out);
    },
  };
}
