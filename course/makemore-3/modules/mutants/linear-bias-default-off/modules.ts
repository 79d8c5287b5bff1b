/**
 * The lecture's layers, written as torch.nn writes them: each a class with a forward pass and
 * its parameters(), so that a network is a list of layers and training a loop over their
 * parameters.
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
  weight: Tensor;
  bias: Tensor | null;

  constructor(fanIn: number, fanOut: number, options: LinearOptions = {}) {
    // Dividing by √fan_in keeps the output's spread that of the input.
    this.weight = randn([fanIn, fanOut], { generator: options.generator })
      .div(fanIn ** 0.5)
      .requiresGrad_();
    this.bias = !options.bias ? null : zeros([fanOut], { requiresGrad: true });
  }

  forward(x: Tensor): Tensor {
    const out = x.matmul(this.weight);
    return this.bias === null ? out : out.add(this.bias);
  }

  parameters(): Tensor[] {
    return this.bias === null ? [this.weight] : [this.weight, this.bias];
  }
}

export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
}

/**
 * Normalises each feature: in training over the batch, with its mean and biased variance (as
 * torch.nn.BatchNorm1d), while the running mean and unbiased variance follow the batches'; in
 * evaluation with the running ones. Then gamma * xhat + beta.
 */
export class BatchNorm1d {
  eps: number;
  momentum: number;
  training = true;
  gamma: Tensor;
  beta: Tensor;
  runningMean: Tensor;
  runningVar: Tensor;

  constructor(dim: number, options: BatchNormOptions = {}) {
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    this.gamma = ones([dim], { requiresGrad: true });
    this.beta = zeros([dim], { requiresGrad: true });
    this.runningMean = zeros([dim]);
    this.runningVar = ones([dim]);
  }

  forward(x: Tensor): Tensor {
    let mean = this.runningMean;
    let variance = this.runningVar;
    if (this.training) {
      const batchMean = x.mean(0);
      mean = batchMean;
      variance = x.var(0, false, 0);
      // Bookkeeping for evaluation, not part of the loss: kept out of the graph.
      noGrad(() => {
        const m = this.momentum;
        this.runningMean = this.runningMean.mul(1 - m).add(batchMean.mul(m));
        this.runningVar = this.runningVar.mul(1 - m).add(x.var(0).mul(m));
      });
    }
    const xhat = x.sub(mean).div(variance.add(this.eps).sqrt());
    return this.gamma.mul(xhat).add(this.beta);
  }

  parameters(): Tensor[] {
    return [this.gamma, this.beta];
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
