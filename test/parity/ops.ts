/**
 * The parity cases' ops (tools/parity/generate.py's OPS) written with the kit's public API,
 * as a learner would write the lecture's line: every op the cases name is the kit's own now.
 * What the kit still lacks (an input it cannot make, such as a bool tensor before it had
 * them) throws `Missing`, and the case counts as missing rather than failing.
 */
import {
  arange,
  cat,
  crossEntropy,
  type DType,
  Generator,
  linspace,
  multinomial,
  oneHot,
  ones,
  PyRandom,
  pow,
  rand,
  randint,
  randn,
  stack,
  Tensor,
  tensor,
  tril,
  where,
  zeros,
} from "#reference/tensor/index.ts";
import { type EncodedTensor, elementsOf, nest } from "./data.ts";

/** An op, a method or an option the kit does not have (yet). */
export class Missing extends Error {
  constructor(what: string) {
    super(`the kit has no ${what}`);
  }
}

export type Inputs = Record<string, Tensor>;
export type Args = Record<string, unknown>;
/** A tensor, several (max over a dim: values and indices; unbind; a draw sequence), or printed text. */
export type Result = Tensor | Tensor[] | string;

/** A result that must be a tensor (a method returning something else is the kit falling short). */
function asTensor(value: unknown, what: string): Tensor {
  if (value instanceof Tensor) return value;
  throw new Missing(`${what} returning a tensor (it returned ${describe(value)})`);
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

const num = (a: Args, key: string): number => a[key] as number;
const opt = (a: Args, key: string): number | undefined => a[key] as number | undefined;
const flag = (a: Args, key: string): boolean => (a[key] as boolean | undefined) ?? false;

/** A tensor input, or the `other` number when the case has no `y`. */
const other = (i: Inputs, a: Args): Tensor | number => i["y"] ?? num(a, "other");

/** gt, lt, ...: PyTorch's comparisons give bool tensors. */
const comparison =
  (name: "gt" | "lt" | "ge" | "le" | "eq" | "ne") =>
  (i: Inputs, a: Args): Tensor =>
    i["x"]![name](other(i, a));

/** x.sum() or x.sum(dim, keepdim), dim one dim or a list of them. */
function reduction(name: "sum" | "mean") {
  return (i: Inputs, a: Args): Tensor => {
    const x = i["x"]!;
    if (a["dim"] === undefined) return x[name]();
    return x[name](a["dim"] as number | number[], flag(a, "keepdim"));
  };
}

/** var and std: var(dim, keepdim, correction), dim undefined for all elements. */
function spread(name: "var" | "std") {
  return (i: Inputs, a: Args): Tensor =>
    i["x"]![name](opt(a, "dim"), flag(a, "keepdim"), num(a, "correction"));
}

/** max and min: the element over everything, or [values, indices] over a dim. */
function extreme(name: "max" | "min") {
  return (i: Inputs, a: Args): Tensor | Tensor[] => {
    const x = i["x"]!;
    if (a["dim"] === undefined) return x[name]();
    const { values, indices } = x[name](num(a, "dim"), flag(a, "keepdim"));
    return [values, indices];
  };
}

function argExtreme(name: "argmax" | "argmin") {
  return (i: Inputs, a: Args): Tensor => {
    const x = i["x"]!;
    return a["dim"] === undefined ? x[name]() : x[name](num(a, "dim"), flag(a, "keepdim"));
  };
}

function listed(i: Inputs): Tensor[] {
  return Object.keys(i)
    .filter((k) => /^t\d+$/.test(k))
    .sort((p, q) => Number(p.slice(1)) - Number(q.slice(1)))
    .map((k) => i[k]!);
}

interface RandomCall {
  fn: "rand" | "randn" | "randint" | "multinomial";
  shape?: number[];
  dtype?: DType;
  low?: number;
  high?: number;
  probs?: string;
  samples?: number;
  replacement?: boolean;
}

/** Draws in order from one generator: `new Generator().manualSeed(seed)`, or a fresh one. */
function randomCalls(i: Inputs, a: Args): Tensor[] {
  const generator = new Generator();
  if (a["seed"] !== null) generator.manualSeed(num(a, "seed"));
  return (a["calls"] as RandomCall[]).map((call) => {
    const dtype = call.dtype ?? "float32";
    switch (call.fn) {
      case "rand":
        return rand(call.shape!, { generator, dtype });
      case "randn":
        return randn(call.shape!, { generator, dtype });
      case "randint":
        return randint(call.low!, call.high!, call.shape!, { generator });
      case "multinomial":
        return multinomial(i[call.probs!]!, call.samples!, {
          replacement: call.replacement!,
          generator,
        });
      default:
        throw new Error(`The parity test draws no ${String(call.fn)}: see test/parity/ops.ts.`);
    }
  });
}

/** Python's random: `const r = new PyRandom(seed)`, then random() draws and shuffles of 0..n-1. */
function pythonRandom(_: Inputs, a: Args): Tensor[] {
  const r = new PyRandom(num(a, "seed"));
  const calls = a["calls"] as { fn: "random" | "shuffle"; count?: number; n?: number }[];
  return calls.map((call) => {
    if (call.fn === "random")
      return tensor(
        Array.from({ length: call.count! }, () => r.random()),
        { dtype: "float64" },
      );
    const items = Array.from({ length: call.n! }, (_, k) => k);
    r.shuffle(items);
    return tensor(items, { dtype: "int64" });
  });
}

export const ops: Record<string, (i: Inputs, a: Args) => Result> = {
  // ——— elementwise ———
  exp: (i) => i["x"]!.exp(),
  log: (i) => i["x"]!.log(),
  tanh: (i) => i["x"]!.tanh(),
  neg: (i) => i["x"]!.neg(),
  relu: (i) => i["x"]!.relu(),
  sigmoid: (i) => i["x"]!.sigmoid(),
  sqrt: (i) => i["x"]!.sqrt(),
  abs: (i) => i["x"]!.abs(),
  log10: (i) => i["x"]!.log10(),
  pow: (i, a) => i["x"]!.pow(num(a, "exponent")),
  // `10 ** lre` is pow(10, lre) in the kit.
  rpow: (i, a) => pow(num(a, "base"), i["x"]!),
  clamp: (i, a) => i["x"]!.clamp(opt(a, "min"), opt(a, "max")),
  add: (i, a) => i["x"]!.add(other(i, a)),
  sub: (i, a) => i["x"]!.sub(other(i, a)),
  mul: (i, a) => i["x"]!.mul(other(i, a)),
  div: (i, a) => i["x"]!.div(other(i, a)),
  gt: comparison("gt"),
  lt: comparison("lt"),
  ge: comparison("ge"),
  le: comparison("le"),
  eq: comparison("eq"),
  ne: comparison("ne"),
  where: (i) => where(i["cond"]!, i["x"]!, i["y"]!),
  masked_fill: (i, a) => i["x"]!.maskedFill(i["mask"]!, num(a, "value")),

  // ——— reductions ———
  sum: reduction("sum"),
  mean: reduction("mean"),
  var: spread("var"),
  std: spread("std"),
  max: extreme("max"),
  min: extreme("min"),
  argmax: argExtreme("argmax"),
  argmin: argExtreme("argmin"),
  softmax: (i, a) => i["x"]!.softmax(num(a, "dim")),
  log_softmax: (i, a) => i["x"]!.logSoftmax(num(a, "dim")),

  // ——— products ———
  matmul: (i) => i["a"]!.matmul(i["b"]!),

  // ——— creation ———
  linspace: (_, a) =>
    linspace(num(a, "start"), num(a, "end"), num(a, "steps"), { dtype: a["dtype"] as DType }),
  arange: (_, a) => {
    const [start, end, step] = a["range"] as number[];
    return arange(start!, end, step);
  },
  tensor: (_, a) =>
    tensor(a["data"] as number[], a["dtype"] === undefined ? {} : { dtype: a["dtype"] as DType }),
  one_hot: (i, a) => oneHot(i["x"]!, num(a, "classes")),

  // ——— indexing and shapes ———
  index: (i) => i["x"]!.index(i["index"]!),
  index_pairs: (i) => i["x"]!.index(i["rows"]!, i["cols"]!),
  // x[i] is x.index(i) in the kit, as a learner writes it; other dims are select(dim, i).
  select: (i, a) =>
    num(a, "dim") === 0
      ? i["x"]!.index(num(a, "index"))
      : i["x"]!.select(num(a, "dim"), num(a, "index")),
  narrow: (i, a) => i["x"]!.narrow(num(a, "dim"), num(a, "start"), num(a, "length")),
  T: (i) => i["x"]!.T,
  transpose: (i, a) => i["x"]!.transpose(num(a, "dim0"), num(a, "dim1")),
  view: (i, a) => i["x"]!.view(a["shape"] as number[]),
  squeeze: (i, a) => i["x"]!.squeeze(num(a, "dim")),
  unsqueeze: (i, a) => i["x"]!.unsqueeze(num(a, "dim")),
  cat: (i, a) => cat(listed(i), num(a, "dim")),
  stack: (i, a) => stack(listed(i), num(a, "dim")),
  unbind: (i, a) => i["x"]!.unbind(num(a, "dim")),
  cat_unbind: (i, a) => cat(i["x"]!.unbind(num(a, "dim")), num(a, "dim")),
  tril: (i) => tril(i["x"]!),

  // ——— losses and the lectures' compositions ———
  cross_entropy: (i) => crossEntropy(i["logits"]!, i["targets"]!),
  nll_lecture: (i) => {
    const counts = i["logits"]!.exp();
    const probs = counts.div(counts.sum(1, true));
    return probs.index(arange(probs.shape[0]!), i["targets"]!).log().mean().neg();
  },
  layer_norm_by_hand: (i, a) => {
    const x = i["x"]!;
    const centred = x.sub(x.mean(-1, true));
    const spreadOut = x.var(-1, true, 0).add(num(a, "eps")).sqrt();
    return centred.div(spreadOut).mul(i["gamma"]!).add(i["beta"]!);
  },
  batch_norm_by_hand: (i) => {
    const x = i["x"]!;
    return i["gain"]!.mul(x.sub(x.mean(0, true)))
      .div(x.std(0, true))
      .add(i["bias"]!);
  },
  attention_head: (i) => {
    const [q, k, v] = [i["q"]!, i["k"]!, i["v"]!];
    const t = q.shape[1]!;
    let wei = q.matmul(k.transpose(-2, -1)).mul(q.shape[2]! ** -0.5);
    wei = wei.maskedFill(tril(ones([t, t])).eq(0), -Infinity);
    return wei.softmax(-1).matmul(v);
  },
  mlp_loss: (i, a) => {
    const emb = i["C"]!.index(i["X"]!);
    const h = emb.view(-1, num(a, "flat")).matmul(i["W1"]!).add(i["b1"]!).tanh();
    return crossEntropy(h.matmul(i["W2"]!).add(i["b2"]!), i["Y"]!);
  },

  // ——— random numbers ———
  generator: randomCalls,
  py_random: pythonRandom,

  // ——— printing (`of` names the op whose first output is printed) ———
  identity: (i) => i["x"]!,
  double: (i) => i["x"]!.double(),
  repr: (i, a) => String(firstOutput(a, i)),
  repr_shape: (i, a) => String(firstOutput(a, i).size()),
  // The kit's dtypes are PyTorch's names without the "torch." prefix.
  str_dtype: (i, a) => `torch.${firstOutput(a, i).dtype}`,
};

function firstOutput(a: Args, i: Inputs): Tensor {
  const result = runOp(a["of"] as string, i, a);
  const first = Array.isArray(result) ? result[0] : result;
  return asTensor(first, `the op ${String(a["of"])}`);
}

export function runOp(op: string, inputs: Inputs, args: Args): Result {
  const run = ops[op];
  if (!run) throw new Error(`The parity test has no op named ${op}: add it to test/parity/ops.ts.`);
  return run(inputs, args);
}

/**
 * An encoded tensor as a kit tensor, requiring gradients when asked. Booleans go through
 * tensor([true, false]), which must give a bool tensor as PyTorch's does.
 */
export function kitTensor(t: EncodedTensor, requiresGrad = false): Tensor {
  const count = t.shape.reduce((p, s) => p * s, 1);
  if (t.dtype === "bool") {
    const made = tensor(nest((t.values ?? []).map(Boolean), t.shape) as boolean[]);
    if ((made.dtype as string) !== "bool")
      throw new Missing(`bool dtype (tensor() of booleans makes ${made.dtype})`);
    return made;
  }
  const dtype: DType = t.dtype;
  if (count === 0) return zeros(t.shape, { dtype, requiresGrad });
  const flat = Array.from(elementsOf(t) as ArrayLike<number>);
  return tensor(nest(flat, t.shape) as number[], { dtype, requiresGrad });
}
