/**
 * The lecture's layers without classes: each maker returns a plain object holding its tensors,
 * a forward pass and parameters(). `new Linear(…)` works as well as `Linear(…)`, because `new`
 * on a function that returns an object gives that object.
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

export interface LinearLayer {
  weight: Tensor;
  bias: Tensor | null;
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

/** `x @ W + b`, W drawn from a unit Gaussian and divided by √fan_in, b zeros. */
export function Linear(fanIn: number, fanOut: number, options: LinearOptions = {}): LinearLayer {
  const layer: LinearLayer = {
    weight: randn([fanIn, fanOut], { generator: options.generator })
      .div(fanIn ** 0.5)
      .requiresGrad_(),
    bias: options.bias === false ? null : zeros([fanOut], { requiresGrad: true }),
    // The methods read the object, not captured copies, so a tensor swapped in is the one used.
    forward: (x) => (layer.bias ? x.matmul(layer.weight).add(layer.bias) : x.matmul(layer.weight)),
    parameters: () => [layer.weight, ...(layer.bias ? [layer.bias] : [])],
  };
  return layer;
}

export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
}

export interface BatchNormLayer {
  eps: number;
  momentum: number;
  training: boolean;
  gamma: Tensor;
  beta: Tensor;
  runningMean: Tensor;
  runningVar: Tensor;
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

/**
 * Normalises each feature: in training over the batch, with its mean and biased variance (as
 * torch.nn.BatchNorm1d), while the running mean and unbiased variance follow the batches'; in
 * evaluation with the running ones. Then gamma * xhat + beta.
 */
export function BatchNorm1d(dim: number, options: BatchNormOptions = {}): BatchNormLayer {
  const bn: BatchNormLayer = {
    eps: options.eps ?? 1e-5,
    momentum: options.momentum ?? 0.1,
    training: true,
    gamma: ones([dim], { requiresGrad: true }),
    beta: zeros([dim], { requiresGrad: true }),
    runningMean: zeros([dim]),
    runningVar: ones([dim]),
    forward(x) {
      const [mean, variance] = bn.training
        ? [x.mean(0), x.var(0, false, 0)]
        : [bn.runningMean, bn.runningVar];
      if (bn.training)
        noGrad(() => {
          const m = bn.momentum;
          bn.runningMean = bn.runningMean.mul(1 - m).add(mean.mul(m));
          bn.runningVar = bn.runningVar.mul(1 - m).add(x.var(0).mul(m));
        });
      return bn.gamma.mul(x.sub(mean).div(variance.add(bn.eps).sqrt())).add(bn.beta);
    },
    parameters: () => [bn.gamma, bn.beta],
  };
  return bn;
}

export interface TanhLayer {
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

export function Tanh(): TanhLayer {
  return { forward: (x) => x.tanh(), parameters: () => [] };
}

export interface DeepSizes {
  vocabSize: number;
  blockSize: number;
  embedding: number;
  hidden: number;
  /** How many hidden layers (Linear, BatchNorm1d, Tanh): the lecture's has five. */
  depth: number;
}

export type Layer = LinearLayer | BatchNormLayer | TanhLayer;

/**
 * The lecture's deeper network: C, then `depth` blocks of Linear (no bias), BatchNorm1d, Tanh,
 * then a Linear to the vocabulary and a BatchNorm1d whose gamma is scaled by 0.1. Everything
 * random is drawn from g, C first, then each Linear in order.
 */
export function deepNetwork(s: DeepSizes, g: Generator): { C: Tensor; layers: Layer[] } {
  const C = randn([s.vocabSize, s.embedding], { generator: g, requiresGrad: true });
  const widths = [s.blockSize * s.embedding, ...Array<number>(s.depth).fill(s.hidden)];
  const hidden = widths
    .slice(0, -1)
    .flatMap((fanIn, i): Layer[] => [
      Linear(fanIn, widths[i + 1]!, { bias: false, generator: g }),
      BatchNorm1d(s.hidden),
      Tanh(),
    ]);
  const output = Linear(widths.at(-1)!, s.vocabSize, { bias: false, generator: g });
  const last = BatchNorm1d(s.vocabSize);
  noGrad(() => last.gamma.mul_(0.1));
  return { C, layers: [...hidden, output, last] };
}
