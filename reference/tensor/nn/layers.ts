/**
 * Layers with weights, initialised as the lectures initialise them: Linear, Embedding,
 * Dropout, and the Kaiming helpers (`calculateGain`, `kaimingNormal`).
 */
import "../ops/elementwise.ts";
import "../ops/indexing.ts";
import "../ops/matmul.ts";
import "../ops/views.ts";
import { noGrad } from "../autograd.ts";
import { rand, randn, tensor, zeros } from "../creation.ts";
import type { DType } from "../dtype.ts";
import type { Generator } from "../random.ts";
import type { Tensor } from "../tensor.ts";
import * as errors from "./errors.ts";
import { Module } from "./module.ts";

export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu";

/** The gain that keeps activations' spread through a non-linearity: tanh 5/3, relu √2, linear 1. */
export function calculateGain(nonlinearity: Nonlinearity): number {
  switch (nonlinearity) {
    case "linear":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    default:
      throw errors.unknownNonlinearity(nonlinearity);
  }
}

export interface InitOptions {
  generator?: Generator;
  dtype?: DType;
}

/**
 * Kaiming (He) initialisation as lecture 4 writes it for a (fan_in, fan_out) weight:
 * `torch.randn((fan_in, fan_out), generator=g) * gain / fan_in**0.5`, with the gain of the
 * non-linearity that follows. fan_in is the first dimension (the lectures' layout, `x @ W`).
 */
export function kaimingNormal(
  shape: readonly [number, number],
  options: InitOptions & { nonlinearity?: Nonlinearity } = {},
): Tensor {
  const gain = calculateGain(options.nonlinearity ?? "linear");
  const fanIn = shape[0];
  return randn(shape, { generator: options.generator, dtype: options.dtype })
    .mul(gain)
    .div(fanIn ** 0.5);
}

export interface LinearOptions extends InitOptions {
  /** Whether to add a learned bias (default true); off before a BatchNorm, which has its own. */
  bias?: boolean;
  /** Multiplies the weight after initialising it, as lecture 4's `layer.weight *= 5/3` does. */
  gain?: number;
}

/**
 * `x @ W + b`, with W of shape (in, out) drawn as lecture 4 draws it,
 * `torch.randn((fan_in, fan_out), generator=g) / fan_in**0.5`, and b zeros. PyTorch's own
 * nn.Linear stores W as (out, in), draws it from a Kaiming-uniform range and computes
 * `x @ W.T`: the same layer, other numbers. Input of any rank: the last dimension is `in`.
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    let w = randn([inFeatures, outFeatures], {
      generator: options.generator,
      dtype: options.dtype,
    }).div(inFeatures ** 0.5);
    if (options.gain !== undefined && options.gain !== 1) w = w.mul(options.gain);
    this.weight = this.registerParameter("weight", w);
    this.bias =
      options.bias === false
        ? null
        : this.registerParameter("bias", zeros([outFeatures], { dtype: options.dtype }));
  }

  forward(x: Tensor): Tensor {
    // matmul takes 2-D operands today: fold the leading dimensions into rows and back
    // (replace with batched matmul when it lands; the numbers are the same either way).
    const lead = x.shape.slice(0, -1);
    const flat = x.shape.length === 2 ? x : x.view(-1, this.inFeatures);
    let out = flat.matmul(this.weight);
    if (this.bias) out = out.add(this.bias);
    return x.shape.length === 2 ? out : out.view([...lead, this.outFeatures]);
  }
}

/** A lookup table: `emb = C[X]`, with C drawn as `torch.randn((num, dim), generator=g)`. */
export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: InitOptions = {},
  ) {
    super();
    this.weight = this.registerParameter(
      "weight",
      randn([numEmbeddings, embeddingDim], { generator: options.generator, dtype: options.dtype }),
    );
  }

  forward(ix: Tensor): Tensor {
    return this.weight.index(ix);
  }
}

/**
 * Zeroes each element with probability p while training and scales the rest by 1/(1 - p), so
 * the expected output is the input; in eval mode it is the identity. The mask is drawn from
 * `rand` with the given generator: seeded, so repeatable, but not PyTorch's bernoulli draws.
 */
export class Dropout extends Module {
  readonly #generator: Generator | undefined;

  constructor(
    readonly p = 0.5,
    options: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw errors.dropoutProbability(p);
    this.#generator = options.generator;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    if (this.p === 1) return x.mul(0);
    const mask = noGrad(() => dropoutMask(x.shape, this.p, x.dtype, this.#generator));
    return x.mul(mask);
  }
}

/**
 * 0 where a uniform draw falls below p, 1/(1 - p) elsewhere. Replace the loop with
 * `rand(...).ge(p)` when comparisons land.
 */
function dropoutMask(
  shape: readonly number[],
  p: number,
  dtype: DType,
  generator?: Generator,
): Tensor {
  const u = rand(shape, { generator, dtype: dtype === "float64" ? "float64" : "float32" });
  const keep = 1 / (1 - p);
  const values: number[] = [];
  for (let i = 0; i < u.numel(); i++) values.push(u.storage[i]! < p ? 0 : keep);
  return tensor(values, { dtype }).view([...shape]);
}
