/**
 * Elementwise arithmetic: `a op b` with PyTorch's broadcasting and dtype promotion, and the
 * unary functions. Each op's gradient is one line of a table: the binary ops' below, the
 * unary ones' in the kernels.
 */
import { gradientFor, record } from "../autograd.ts";
import type { BinaryOp, UnaryOp } from "../backend.ts";
import { type DType, isFloating, resultType } from "../dtype.ts";
import { kernels } from "../kernels.ts";
import { binaryResultShape, noDimensions, numelOf, sameShape } from "../shape.ts";
import { allocate } from "../storage.ts";
import { defineMethods, type Operand, Tensor } from "../tensor.ts";
import { to } from "./convert.ts";

/** A number as a one-element storage for the kernels, which read it at once (one array, reused). */
const scalarSlot = new Float64Array(1);
export function scalar(value: number): Float64Array {
  scalarSlot[0] = value;
  return scalarSlot;
}

// ——— a op b ———

/** PyTorch's names for the backward steps, as `grad_fn=<...>` prints them. */
const binaryNames: Record<BinaryOp, string> = {
  add: "AddBackward0",
  sub: "SubBackward0",
  mul: "MulBackward0",
  div: "DivBackward0",
  pow: "PowBackward0",
};

/**
 * The gradients of `out = a op b` from the output's gradient g: their local derivatives
 * times g, before each is summed back to its input's shape. `db` is asked only when b is a
 * tensor (a plain number needs no gradient).
 */
interface BinaryRule {
  da(g: Tensor, a: Tensor, b: Operand, out: Tensor): Tensor;
  db(g: Tensor, a: Tensor, b: Tensor, out: Tensor): Tensor;
}

const binaryRules: Record<BinaryOp, BinaryRule> = {
  add: { da: (g) => g, db: (g) => g },
  sub: { da: (g) => g, db: (g) => neg(g) },
  mul: { da: (g, _a, b) => mul(g, b), db: (g, a) => mul(g, a) },
  // PyTorch's order: -g · ((a / b) / b), which neither overflows nor underflows where a / b² would.
  div: { da: (g, _a, b) => div(g, b), db: (g, a, b) => mul(neg(g), div(div(a, b), b)) },
  // PyTorch's g · (e · x^(e-1)), x^(e-1) by pow's own special cases (x^1.5's is sqrt); a
  // number exponent 0 has the gradient 0 (not g · 0 · x^-1, nan at 0 and ±inf).
  pow: {
    da: (g, a, b) =>
      typeof b === "number"
        ? b === 0
          ? new Tensor(allocate(g.dtype, g.numel()), g.shape, g.dtype)
          : mul(g, mul(pow(a, b - 1), b))
        : mul(g, mul(b, pow(a, sub(b, 1)))),
    db: (g, a, _b, out) => mul(g, mul(out, log(a))),
  },
};

/**
 * The dtype of `a op b`. A whole number keeps a's dtype, except as a divisor or a negative
 * exponent; dividing integers gives floats (true division, as in PyTorch).
 */
function binaryResultType(op: BinaryOp, a: DType, b: Operand): DType {
  const dtype =
    typeof b !== "number"
      ? resultType(a, b.dtype)
      : resultType(
          a,
          Number.isInteger(b) && op !== "div" && !(op === "pow" && b < 0)
            ? "number-int"
            : "number-float",
        );
  return op === "div" && !isFloating(dtype) ? "float32" : dtype;
}

function binary(op: BinaryOp, a: Tensor, b: Operand, name = binaryNames[op]): Tensor {
  const dtype = binaryResultType(op, a.dtype, b);
  const bStorage = typeof b === "number" ? scalar(b) : b.storage;
  const bShape = typeof b === "number" ? noDimensions : b.shape;
  const shape = binaryResultShape(a.shape, bShape);
  const out = allocate(dtype, numelOf(shape), false);
  kernels.binary(op, a.storage, a.shape, bStorage, bShape, out, shape);
  const inputs = typeof b === "number" ? [a] : [a, b];
  // PyTorch names pow by its exponent's kind: a number (PowBackward0) or a tensor (PowBackward1).
  const step = op === "pow" && typeof b !== "number" ? "PowBackward1" : name;
  return record(out, shape, dtype, inputs, step, (g) => {
    const rule = binaryRules[op];
    const result = new Tensor(out, shape, g.dtype);
    const bt = typeof b === "number" ? null : b;
    const ga = a.requiresGrad ? rule.da(g, a, b, result) : null;
    const gb = bt?.requiresGrad ? rule.db(g, a, bt, result) : null;
    return [ga && sumBackTo(ga, a), bt && gb && sumBackTo(gb, bt)];
  });
}

/** The gradient of a broadcast result, summed back to the shape (and dtype) of the input it came from. */
export function sumBackTo(g: Tensor, input: Tensor): Tensor {
  if (sameShape(g.shape, input.shape)) return g.dtype === input.dtype ? g : to(g, input.dtype);
  // One broadcast dimension at a time, with the kernel of sum(dim, keepdim): a gradient that
  // autograd sums back and the same sum written by hand then agree bit for bit.
  const shape = [...g.shape];
  const lead = shape.length - input.shape.length;
  let storage = g.storage;
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === (d < lead ? 1 : input.shape[d - lead])) continue;
    const outer = numelOf(shape.slice(0, d));
    const inner = numelOf(shape.slice(d + 1));
    const out = allocate(g.dtype, outer * inner);
    kernels.sumDim(storage, outer, shape[d]!, inner, out);
    storage = out;
    shape[d] = 1;
  }
  const summed = new Tensor(storage, input.shape, g.dtype);
  return g.dtype === input.dtype ? summed : to(summed, input.dtype);
}

export const add = (a: Tensor, b: Operand): Tensor => binary("add", a, b);
export const sub = (a: Tensor, b: Operand): Tensor => binary("sub", a, b);
export const mul = (a: Tensor, b: Operand): Tensor => binary("mul", a, b);
export const div = (a: Tensor, b: Operand): Tensor => binary("div", a, b);
export const pow = (a: Tensor, exponent: Operand): Tensor => binary("pow", a, exponent);
/** `number - x` with the number as a 0-d tensor `a`: PyTorch's rsub (RsubBackward1). */
export const rsub = (a: Tensor, b: Tensor): Tensor => binary("sub", a, b, "RsubBackward1");

// ——— op(x) ———

/**
 * PyTorch's names for the unary backward steps. Their gradients, g · op'(x), are one line each
 * in the kernels' unaryBackward (plain/elementwise.ts), each applied in one pass:
 *   neg: -g    exp: g·y    log: g / x    tanh: g·(1 - y²)    relu: g where y > 0
 *   abs: g·sign(x)    sqrt: g / 2y    log10: g / (x·ln 10)    sigmoid: g·y·(1 - y)
 */
const unaryNames: Record<UnaryOp, string> = {
  neg: "NegBackward0",
  exp: "ExpBackward0",
  log: "LogBackward0",
  tanh: "TanhBackward0",
  relu: "ReluBackward0",
  abs: "AbsBackward0",
  sqrt: "SqrtBackward0",
  log10: "Log10Backward0",
  sigmoid: "SigmoidBackward0",
};

function unary(op: UnaryOp, x: Tensor): Tensor {
  // neg, relu and abs keep integers integers; the others make floats of them.
  const keeps = op === "neg" || op === "relu" || op === "abs";
  const dtype = keeps || isFloating(x.dtype) ? x.dtype : "float32";
  const out = allocate(dtype, x.numel(), false);
  kernels.unary(op, x.storage, out);
  return record(out, x.shape, dtype, [x], unaryNames[op], (g) => [
    gradientFor(x, (dx) => kernels.unaryBackward(op, x.storage, out, g.storage, dx), false),
  ]);
}

export const neg = (x: Tensor): Tensor => unary("neg", x);
export const exp = (x: Tensor): Tensor => unary("exp", x);
export const log = (x: Tensor): Tensor => unary("log", x);
export const tanh = (x: Tensor): Tensor => unary("tanh", x);
export const relu = (x: Tensor): Tensor => unary("relu", x);
export const abs = (x: Tensor): Tensor => unary("abs", x);
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);
export const log10 = (x: Tensor): Tensor => unary("log10", x);
export const sigmoid = (x: Tensor): Tensor => unary("sigmoid", x);

defineMethods({
  add(other) {
    return add(this, other);
  },
  sub(other) {
    return sub(this, other);
  },
  mul(other) {
    return mul(this, other);
  },
  div(other) {
    return div(this, other);
  },
  pow(exponent) {
    return pow(this, exponent);
  },
  neg() {
    return neg(this);
  },
  exp() {
    return exp(this);
  },
  log() {
    return log(this);
  },
  tanh() {
    return tanh(this);
  },
  relu() {
    return relu(this);
  },
  abs() {
    return abs(this);
  },
  sqrt() {
    return sqrt(this);
  },
  log10() {
    return log10(this);
  },
  sigmoid() {
    return sigmoid(this);
  },
});
