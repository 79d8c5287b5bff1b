/**
 * What the kit promises, per op: bit for bit (0 ulps) or within 2 ulps, forward and backward.
 *
 * The rule (issue 13): bit-exact for the random functions, indexing, shapes, printing and every
 * elementwise op whose PyTorch CPU kernel is correctly rounded; within 2 ulps elsewhere.
 *
 * Which of PyTorch 1.13's CPU kernels are correctly rounded, and why:
 * - add, sub, mul, div, sqrt are single IEEE 754 operations, correctly rounded by definition
 *   (a number on the right is first rounded to the tensor's dtype, then the one operation runs);
 *   neg, abs, relu, clamp, where, masked_fill and the comparisons only choose or copy values.
 * - pow with exponent 2, 0.5, -1 and 0 is special-cased to x·x, sqrt(x), 1/x and 1: one
 *   correctly rounded operation, or none. Exponent 3 is x·x·x and -2 is 1/(x·x) (two roundings),
 *   -0.5 is 1/sqrt(x) (two), and the rest call pow: none of those are correctly rounded.
 * - exp, log, tanh, sigmoid, log10 and a number raised to a tensor run SLEEF's vectorised
 *   functions (1.0 ulp bounds, not correct rounding) on whole vectors and the C library on a
 *   loop's tail: not correctly rounded.
 * - Reductions (sum, mean, var, std, softmax) and matrix products add in an order of their own
 *   (PyTorch's cascade sums, OpenBLAS's blocked products): not correctly rounded, 2 ulps. max,
 *   min and the arg- versions choose an element: exact.
 * - linspace steps in the tensor's dtype (a fused start + step·i, then + k·step lane by lane):
 *   not correctly rounded, but the kit takes the same steps, so it is promised bit for bit.
 *
 * A gradient is held to the same rule by its own formula: one correctly rounded operation per
 * element (the pass-through of add, sub, neg, relu, copies and gathers; g·y for mul; g/y for
 * div's left side, log, sqrt's g/(2·result) and mean's g/n; the routing of max) is exact;
 * anything else is within 2 ulps. A gradient that sums over broadcast elements (a bias added
 * to every row, a number-like tensor) is a sum, and sums are promised 2 ulps.
 */

/** The most ulps allowed: 0 is bit for bit. */
export type Ulps = 0 | 2;

export interface Promised {
  forward: Ulps;
  /** Per input gradient, or one value for all; undefined: the op has no backward. */
  backward: Ulps | Record<string, Ulps>;
}

const exact: Promised = { forward: 0, backward: 0 };
const twoUlps: Promised = { forward: 2, backward: 2 };

/** Ops promised bit for bit, forward and backward. */
const exactOps = [
  // the random functions
  "generator",
  "py_random",
  // creation, indexing and shapes
  "tensor",
  "arange",
  "one_hot",
  "index",
  "index_pairs",
  "select",
  "narrow",
  "T",
  "transpose",
  "view",
  "squeeze",
  "unsqueeze",
  "cat",
  "stack",
  "unbind",
  "cat_unbind",
  "tril",
  // printing
  "repr",
  "repr_shape",
  "str_dtype",
  // correctly rounded elementwise ops (or choices), and gradients that are one such operation
  "add",
  "sub",
  "neg",
  "abs",
  "relu",
  "clamp",
  "where",
  "masked_fill",
  "gt",
  "lt",
  "ge",
  "le",
  "eq",
  "ne",
  "sqrt",
  // not correctly rounded, but reproduced step for step (PyTorch's x86 build, one thread):
  // fused multiply-adds per vector, then + k·step per lane
  "linspace",
  // choosing an element, and routing the gradient back to it
  "max",
  "min",
  "argmax",
  "argmin",
];

/** Ops within 2 ulps, forward and backward. */
const twoUlpOps = [
  "exp",
  "tanh",
  "sigmoid",
  "rpow",
  "var",
  "std",
  "softmax",
  "log_softmax",
  "matmul",
  "cross_entropy",
  "nll_lecture",
  "layer_norm_by_hand",
  "batch_norm_by_hand",
  "attention_head",
  "mlp_loss",
];

/**
 * pow's exponents that PyTorch computes with one correctly rounded operation (or none): 2, 0.5,
 * -1, 0; and those it computes in two roundings, x·x·x for 3, 1/(x·x) for -2, 1/sqrt(x) for
 * -0.5, which the kit repeats step for step, so they are the same floats.
 */
const exactExponents = new Set([2, 0.5, -1, 0, 3, -2, -0.5]);

export function promiseFor(op: string, args: Record<string, unknown>): Promised {
  if (exactOps.includes(op)) return exact;
  if (twoUlpOps.includes(op)) return twoUlps;
  switch (op) {
    case "mul":
      return exact; // g·y for each side
    case "div":
      // x's gradient is g / y; y's is -g·((x / y) / y), three roundings.
      return { forward: 0, backward: { x: 0, y: 2 } };
    case "log":
      return { forward: 2, backward: 0 }; // g / x
    case "log10":
      // g / (x · ln 10), two roundings that the kit repeats with PyTorch's ln 10.
      return { forward: 2, backward: 0 };
    case "sum":
      return { forward: 2, backward: 0 }; // the gradient is copied to every element
    case "mean":
      return { forward: 2, backward: 0 }; // g / n
    case "pow":
      // The gradient, g·(e·x^(e-1)), takes x^(e-1) from Math.pow for most exponents.
      return { forward: exactExponents.has(args["exponent"] as number) ? 0 : 2, backward: 2 };
  }
  throw new Error(
    `The parity test promises nothing for the op ${op}: add it to test/parity/promises.ts.`,
  );
}

/** Binary elementwise ops: the gradient of a broadcast input is summed over the elements it reached. */
const broadcasting = new Set(["add", "sub", "mul", "div", "where"]);

/** The promise for one input's gradient: its op's, or a sum's (2 ulps) where the input was broadcast. */
export function backwardPromise(
  op: string,
  promise: Promised,
  input: string,
  inputShape: readonly number[],
  outputShape: readonly number[],
): Ulps {
  const own = typeof promise.backward === "number" ? promise.backward : promise.backward[input];
  const count = (shape: readonly number[]) => shape.reduce((p, s) => p * s, 1);
  if (broadcasting.has(op) && count(inputShape) < count(outputShape)) return 2;
  return own ?? 2;
}
