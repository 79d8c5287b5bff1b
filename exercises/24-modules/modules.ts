/**
 * The lecture's layers, written as torch.nn writes them. Read README.md in this folder first.
 */
import {
  type Generator,
  noGrad,
  ones,
  randn,
  type Tensor,
  zeros,
} from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

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
    this.weight = todo(
      "Linear: weight = randn([fanIn, fanOut], { generator }) / √fanIn, requiring grad",
    );
    this.bias = todo("Linear: bias = zeros([fanOut]) requiring grad, or null with { bias: false }");
  }

  forward(x: Tensor): Tensor {
    return todo("Linear.forward: x @ weight (+ bias)");
  }

  parameters(): Tensor[] {
    return todo("Linear.parameters: [weight, bias], or [weight] without a bias");
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
    this.gamma = todo("BatchNorm1d: gamma = ones([dim]), requiring grad");
    this.beta = todo("BatchNorm1d: beta = zeros([dim]), requiring grad");
    this.runningMean = todo("BatchNorm1d: runningMean = zeros([dim])");
    this.runningVar = todo("BatchNorm1d: runningVar = ones([dim])");
  }

  forward(x: Tensor): Tensor {
    return todo(
      "BatchNorm1d.forward: gamma * (x - mean) / sqrt(var + eps) + beta, with the batch's statistics in training (and the running ones updated under noGrad), the running ones otherwise",
    );
  }

  parameters(): Tensor[] {
    return todo("BatchNorm1d.parameters: [gamma, beta]");
  }
}

export class Tanh {
  forward(x: Tensor): Tensor {
    return todo("Tanh.forward: x.tanh()");
  }

  parameters(): Tensor[] {
    return todo("Tanh.parameters: a Tanh learns nothing");
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
  return todo(
    "deepNetwork: C = randn([vocabSize, embedding]), then depth × [Linear(no bias), BatchNorm1d, Tanh], then Linear and BatchNorm1d with gamma × 0.1",
  );
}
