/**
 * The lecture's layers built on the kit's nn.Module: parameters registered, so that
 * parameters() and the training flag come from the base class.
 */
import {
  type Generator,
  nn,
  noGrad,
  ones,
  randn,
  type Tensor,
  zeros,
} from "#reference/tensor/index.ts";

export interface LinearOptions {
  bias?: boolean;
  generator?: Generator;
}

export class Linear extends nn.Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(fanIn: number, fanOut: number, options: LinearOptions = {}) {
    super();
    const w = randn([fanIn, fanOut], { generator: options.generator }).mul(fanIn ** -0.5);
    this.weight = this.registerParameter("weight", w);
    this.bias = options.bias === false ? null : this.registerParameter("bias", zeros([fanOut]));
  }

  forward(x: Tensor): Tensor {
    return this.bias === null ? x.matmul(this.weight) : x.matmul(this.weight).add(this.bias);
  }
}

export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
}

export class BatchNorm1d extends nn.Module {
  readonly eps: number;
  readonly momentum: number;
  readonly gamma: Tensor;
  readonly beta: Tensor;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;

  constructor(dim: number, options: BatchNormOptions = {}) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    this.gamma = this.registerParameter("gamma", ones([dim]));
    this.beta = this.registerParameter("beta", zeros([dim]));
    this.runningMean = this.registerBuffer("runningMean", zeros([dim]));
    this.runningVar = this.registerBuffer("runningVar", ones([dim]));
  }

  forward(x: Tensor): Tensor {
    if (!this.training) return this.normalise(x, this.runningMean, this.runningVar);
    const mean = x.mean(0);
    const out = this.normalise(x, mean, x.var(0, false, 0));
    noGrad(() => {
      const m = this.momentum;
      this.runningMean.mul_(1 - m).add_(mean.mul(m));
      this.runningVar.mul_(1 - m).add_(x.var(0).mul(m));
    });
    return out;
  }

  private normalise(x: Tensor, mean: Tensor, variance: Tensor): Tensor {
    return x.sub(mean).div(variance.add(this.eps).pow(0.5)).mul(this.gamma).add(this.beta);
  }
}

export class Tanh extends nn.Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
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
 * The lecture's deeper network: the embedding table C, then `depth` hidden layers of Linear
 * (no bias: the BatchNorm after it has one), BatchNorm1d and Tanh, then a Linear to the
 * vocabulary and a last BatchNorm1d whose gamma is scaled by 0.1, so the first predictions are
 * not confident. Everything random is drawn from g, C first, then each Linear in order.
 */
export function deepNetwork(s: DeepSizes, g: Generator): { C: Tensor; layers: Layer[] } {
  const C = randn([s.vocabSize, s.embedding], { generator: g, requiresGrad: true });
  const layers: Layer[] = [];
  let fanIn = s.blockSize * s.embedding;
  for (let i = 0; i < s.depth; i++) {
    layers.push(new Linear(fanIn, s.hidden, { bias: false, generator: g }));
    layers.push(new BatchNorm1d(s.hidden), new Tanh());
    fanIn = s.hidden;
  }
  const last = new BatchNorm1d(s.vocabSize);
  layers.push(new Linear(fanIn, s.vocabSize, { bias: false, generator: g }), last);
  noGrad(() => last.gamma.mul_(0.1));
  return { C, layers };
}
