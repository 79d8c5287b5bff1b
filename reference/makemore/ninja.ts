/**
 * makemore part 4 ("Becoming a Backprop Ninja"): the forward pass "chunkated" into the lecture's
 * named intermediates, each keeping its gradient, and `cmp`, which compares a gradient written
 * by hand with autograd's as the lecture's cmp does, and says why when they differ only a little.
 */
import { arange, Generator, randint, type Tensor } from "../tensor/index.ts";
import { initNinja, type NinjaParameters, ninjaSizes } from "./ninja-model.ts";

/** The forward's intermediates, in the order the forward computes them. */
export const intermediateNames = [
  "emb",
  "embcat",
  "hprebn",
  "bnmeani",
  "bndiff",
  "bndiff2",
  "bnvar",
  "bnvar_inv",
  "bnraw",
  "hpreact",
  "h",
  "logits",
  "logit_maxes",
  "norm_logits",
  "counts",
  "counts_sum",
  "counts_sum_inv",
  "probs",
  "logprobs",
] as const;
export type IntermediateName = (typeof intermediateNames)[number];

/** The lecture's names for the parameters, as in ninjaParameterList's order. */
export const parameterNames = ["C", "W1", "b1", "W2", "b2", "bngain", "bnbias"] as const;
export type ParameterName = (typeof parameterNames)[number];

/** Everything the manual backward reads: the batch, the parameters, each intermediate and the loss. */
export type NinjaForward = NinjaParameters &
  Record<IntermediateName, Tensor> & {
    readonly Xb: Tensor;
    readonly Yb: Tensor;
    /** The batch size, the lecture's `n`. */
    readonly n: number;
    readonly loss: Tensor;
  };

/**
 * The lecture's forward pass, one named step a line. Every intermediate retains its gradient, so
 * after `loss.backward()` each one's `.grad` is autograd's answer for the step that makes it.
 */
export function ninjaForward(p: NinjaParameters, Xb: Tensor, Yb: Tensor): NinjaForward {
  const n = Xb.shape[0]!;
  const emb = p.C.index(Xb);
  const embcat = emb.view(emb.shape[0]!, -1);
  const hprebn = embcat.matmul(p.W1).add(p.b1);
  const bnmeani = hprebn.sum(0, true).mul(1 / n);
  const bndiff = hprebn.sub(bnmeani);
  const bndiff2 = bndiff.pow(2);
  // Bessel's correction: divide by n - 1, not n.
  const bnvar = bndiff2.sum(0, true).mul(1 / (n - 1));
  const bnvar_inv = bnvar.add(1e-5).pow(-0.5);
  const bnraw = bndiff.mul(bnvar_inv);
  const hpreact = p.bngain.mul(bnraw).add(p.bnbias);
  const h = hpreact.tanh();
  const logits = h.matmul(p.W2).add(p.b2);
  const logit_maxes = logits.max(1, true).values;
  const norm_logits = logits.sub(logit_maxes);
  const counts = norm_logits.exp();
  const counts_sum = counts.sum(1, true);
  // counts_sum ** -1 rather than 1 / counts_sum: the lecture's manual backward is exact with it.
  const counts_sum_inv = counts_sum.pow(-1);
  const probs = counts.mul(counts_sum_inv);
  const logprobs = probs.log();
  const loss = logprobs.index(arange(n), Yb).mean().neg();
  const steps = {
    emb,
    embcat,
    hprebn,
    bnmeani,
    bndiff,
    bndiff2,
    bnvar,
    bnvar_inv,
    bnraw,
    hpreact,
    h,
    logits,
    logit_maxes,
    norm_logits,
    counts,
    counts_sum,
    counts_sum_inv,
    probs,
    logprobs,
  };
  for (const t of Object.values(steps)) t.retainGrad();
  return { ...p, ...steps, Xb, Yb, n, loss };
}

/** Every gradient the lecture's exercise 1 writes by hand, autograd's, by the tensor's name. */
export type NinjaGradients = Record<IntermediateName | ParameterName, Tensor>;

/** A batch drawn at random (the gradients do not care whether the names are real), its forward detached, and autograd's gradients. */
export interface NinjaCase {
  readonly forward: NinjaForward;
  readonly grads: NinjaGradients;
}

/**
 * The lecture's model (hidden 64) from `seed`, a batch of `n` random contexts and targets, the
 * forward pass and autograd's backward. The forward's tensors come back detached, as plain
 * values a manual backward can read; `grads` holds autograd's gradient of each.
 */
export function ninjaCase(seed: number, n = 32): NinjaCase {
  const g = new Generator().manualSeed(seed);
  const p = initNinja(ninjaSizes, g, new Generator().manualSeed(seed + 1));
  const Xb = randint(0, ninjaSizes.vocabSize, [n, ninjaSizes.blockSize], { generator: g });
  const Yb = randint(0, ninjaSizes.vocabSize, [n], { generator: g });
  const f = ninjaForward(p, Xb, Yb);
  f.loss.backward();
  const grads = {} as Record<string, Tensor>;
  const detached = {} as Record<string, Tensor>;
  for (const name of [...parameterNames, ...intermediateNames]) {
    grads[name] = f[name].grad!.detach();
    detached[name] = f[name].detach();
  }
  const forward = { ...detached, Xb, Yb, n, loss: f.loss.detach() } as NinjaForward;
  return { forward, grads: grads as NinjaGradients };
}

/** What cmp finds, and the lecture's line for it. */
export interface Comparison {
  readonly name: string;
  /** Every element equal, bit for bit. */
  readonly exact: boolean;
  /** torch.allclose's defaults: |dt - t| <= 1e-8 + 1e-5 |t| everywhere. */
  readonly approximate: boolean;
  readonly maxdiff: number;
  /** maxdiff in units in the last place of float32 at the tensor's largest element. */
  readonly ulps: number;
  /** `logits          | exact: False | approximate: True  | maxdiff: 5.122274160385132e-09` */
  readonly line: string;
  /** The line and, for approximate, why it is not exact. */
  readonly explanation: string;
}

/** The gap between |x| and the next float32 up: one unit in the last place. */
export function ulpOf(x: number): number {
  const a = Math.fround(Math.abs(x));
  if (a === 0) return 2 ** -149;
  const exponent = Math.max(Math.floor(Math.log2(a)), -126);
  // log2 can round across a power of two: the ulp is the one of the binade a lies in.
  const binade =
    2 ** exponent > a ? exponent - 1 : 2 ** (exponent + 1) <= a ? exponent + 1 : exponent;
  return 2 ** (Math.max(binade, -126) - 23);
}

const pythonBool = (b: boolean) => (b ? "True" : "False").padEnd(5);

/**
 * The lecture's cmp: `dt` (a gradient by hand) against `expected` (autograd's), shapes assumed
 * equal. Where they are not exact but allclose, the explanation says it is a different order of
 * the same float32 operations and gives the maxdiff in ulps, not a bug to hunt.
 */
export function compareGradients(name: string, dt: Tensor, expected: Tensor): Comparison {
  const a = dt.storage;
  const b = expected.storage;
  let exact = a.length === b.length;
  let approximate = exact;
  let maxdiff = 0;
  let largest = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = Number(a[i]);
    const y = Number(b[i]);
    if (x !== y) exact = false;
    const diff = Math.abs(x - y);
    if (!(diff <= 1e-8 + 1e-5 * Math.abs(y))) approximate = false;
    if (!(diff <= maxdiff)) maxdiff = diff;
    largest = Math.max(largest, Math.abs(y));
  }
  // A sum's rounding error scales with the size of what it adds up, not with its result (which
  // can cancel to almost nothing), so the ulps are those of the tensor's largest element.
  const ulps = maxdiff / ulpOf(largest);
  const line = `${name.padEnd(15)} | exact: ${pythonBool(exact)} | approximate: ${pythonBool(approximate)} | maxdiff: ${maxdiff}`;
  const why =
    !exact && approximate
      ? `approximate: a different order of float32 operations (maxdiff ${formatUlps(ulps)} of its largest element), not a mistake`
      : "";
  return {
    name,
    exact,
    approximate,
    maxdiff,
    ulps,
    line,
    explanation: why ? `${line}  (${why})` : line,
  };
}

const formatUlps = (u: number) =>
  `${Number.isInteger(u) ? u : u.toPrecision(3)} ulp${u === 1 ? "" : "s"}`;

/** The lecture's `cmp(s, dt, t)`: `dt` against the gradient autograd left in `t.grad`. */
export function cmp(name: string, dt: Tensor, t: Tensor): Comparison {
  if (!t.grad)
    throw new Error(
      `cmp("${name}", ...): ${name} has no .grad; call retainGrad() before backward().`,
    );
  return compareGradients(name, dt, t.grad);
}
