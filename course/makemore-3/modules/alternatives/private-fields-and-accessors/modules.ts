/**
 * The lecture's layers as classes that keep their state private: the tensors sit in # fields,
 * read (and, for the mode, set) through accessors. The running variance follows the batch's
 * biased variance times n / (n - 1), which is the unbiased one.
 */
import {
  type Generator,
  noGrad,
  ones,
  randn,
  type Tensor,
  zeros,
} from "#reference/tensor/index.ts";

export interface LinearOptions {
  /** Whether the layer adds a bias (default true); a layer before a BatchNorm needs none. */
  bias?: boolean;
  generator?: Generator;
}

/** `x @ W + b`, W drawn from a unit Gaussian and divided by √fan_in, b zeros. */
export class Linear {
  readonly #weight: Tensor;
  readonly #bias: Tensor | null;

  constructor(fanIn: number, fanOut: number, { bias = true, generator }: LinearOptions = {}) {
    const drawn = randn([fanIn, fanOut], { generator });
    this.#weight = drawn.div(Math.sqrt(fanIn)).requiresGrad_();
    this.#bias = bias ? zeros([fanOut]).requiresGrad_() : null;
  }

  get weight(): Tensor {
    return this.#weight;
  }

  get bias(): Tensor | null {
    return this.#bias;
  }

  forward(x: Tensor): Tensor {
    const product = x.matmul(this.#weight);
    return this.#bias ? product.add(this.#bias) : product;
  }

  parameters(): Tensor[] {
    return [this.#weight, this.#bias].filter((t): t is Tensor => t !== null);
  }
}

export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
}

export class BatchNorm1d {
  readonly eps: number;
  readonly momentum: number;
  #training = true;
  readonly #gamma: Tensor;
  readonly #beta: Tensor;
  #runningMean: Tensor;
  #runningVar: Tensor;

  constructor(dim: number, { eps = 1e-5, momentum = 0.1 }: BatchNormOptions = {}) {
    this.eps = eps;
    this.momentum = momentum;
    this.#gamma = ones([dim]).requiresGrad_();
    this.#beta = zeros([dim]).requiresGrad_();
    this.#runningMean = zeros([dim]);
    this.#runningVar = ones([dim]);
  }

  get training(): boolean {
    return this.#training;
  }

  set training(on: boolean) {
    this.#training = on;
  }

  get gamma(): Tensor {
    return this.#gamma;
  }

  get beta(): Tensor {
    return this.#beta;
  }

  get runningMean(): Tensor {
    return this.#runningMean;
  }

  get runningVar(): Tensor {
    return this.#runningVar;
  }

  forward(x: Tensor): Tensor {
    const { mean, variance } = this.#training ? this.#batchStatistics(x) : this.#running();
    const xhat = x.sub(mean).mul(variance.add(this.eps).pow(-0.5));
    return xhat.mul(this.#gamma).add(this.#beta);
  }

  /** The batch's mean and biased variance; the running ones move towards the unbiased. */
  #batchStatistics(x: Tensor): { mean: Tensor; variance: Tensor } {
    const n = x.shape[0]!;
    const mean = x.mean(0);
    const variance = x.var(0, false, 0);
    noGrad(() => {
      const keep = 1 - this.momentum;
      this.#runningMean = this.#runningMean.mul(keep).add(mean.mul(this.momentum));
      const unbiased = variance.mul(n / (n - 1));
      this.#runningVar = this.#runningVar.mul(keep).add(unbiased.mul(this.momentum));
    });
    return { mean, variance };
  }

  #running(): { mean: Tensor; variance: Tensor } {
    return { mean: this.#runningMean, variance: this.#runningVar };
  }

  parameters(): Tensor[] {
    return [this.#gamma, this.#beta];
  }
}

export class Tanh {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }

  parameters(): Tensor[] {
    return [];
  }
}

export interface DeepSizes {
  vocabSize: number;
  blockSize: number;
  embedding: number;
  hidden: number;
  /** How many hidden layers (Linear, BatchNorm1d, Tanh): the lecture's has five. */
  depth: number;
}

export type Layer = Linear | BatchNorm1d | Tanh;

/**
 * The lecture's deeper network: C, then `depth` blocks of Linear (no bias), BatchNorm1d, Tanh,
 * then a Linear to the vocabulary and a BatchNorm1d whose gamma is scaled by 0.1. Everything
 * random is drawn from g, C first, then each Linear in order.
 */
export function deepNetwork(s: DeepSizes, g: Generator): { C: Tensor; layers: Layer[] } {
  const C = randn([s.vocabSize, s.embedding], { generator: g }).requiresGrad_();
  const layers: Layer[] = [];
  for (let i = 0; i <= s.depth; i++) {
    const fanIn = i === 0 ? s.blockSize * s.embedding : s.hidden;
    const fanOut = i === s.depth ? s.vocabSize : s.hidden;
    layers.push(new Linear(fanIn, fanOut, { bias: false, generator: g }), new BatchNorm1d(fanOut));
    if (i < s.depth) layers.push(new Tanh());
  }
  const last = layers.at(-1) as BatchNorm1d;
  noGrad(() => last.gamma.mul_(0.1));
  return { C, layers };
}
