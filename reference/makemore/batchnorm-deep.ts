/**
 * The BatchNorm lecture's deeper network, "PyTorchified": layers written as small classes with
 * the same API as torch.nn (Linear, BatchNorm1d, Tanh), each keeping its last output in `out`
 * so that the diagnostics (diagnostics.ts) can read every layer's activations and, after
 * `retainGrad()`, their gradients. Written as the lecture writes them, not taken from the
 * kit's nn: the lecture's BatchNorm1d uses the unbiased variance both for the batch and for
 * the running estimate, and the numbers here follow the lecture's.
 */
import {
  crossEntropy,
  type Generator,
  noGrad,
  ones,
  randint,
  randn,
  scope,
  type Tensor,
  zeros,
} from "../tensor/index.ts";

export interface Layer {
  readonly name: "Linear" | "BatchNorm1d" | "Tanh";
  /** The output of the last call, as the lecture's `layer.out`. */
  out: Tensor | null;
  training: boolean;
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

/** x @ W (+ b), W drawn as torch.randn((fan_in, fan_out), generator=g) / fan_in**0.5. */
export class Linear implements Layer {
  readonly name = "Linear";
  out: Tensor | null = null;
  training = true;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(fanIn: number, fanOut: number, g: Generator, bias = true) {
    this.weight = randn([fanIn, fanOut], { generator: g }).div(fanIn ** 0.5);
    this.bias = bias ? zeros([fanOut]) : null;
  }

  forward(x: Tensor): Tensor {
    const product = x.matmul(this.weight);
    this.out = this.bias ? product.add(this.bias) : product;
    return this.out;
  }

  parameters(): Tensor[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }
}

export class BatchNorm1d implements Layer {
  readonly name = "BatchNorm1d";
  out: Tensor | null = null;
  training = true;
  readonly gamma: Tensor;
  readonly beta: Tensor;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;

  constructor(
    dim: number,
    readonly eps = 1e-5,
    readonly momentum = 0.1,
  ) {
    this.gamma = ones([dim]);
    this.beta = zeros([dim]);
    this.runningMean = zeros([dim]);
    this.runningVar = ones([dim]);
  }

  forward(x: Tensor): Tensor {
    const xmean = this.training ? x.mean(0, true) : this.runningMean;
    const xvar = this.training ? x.var(0, true) : this.runningVar;
    const xhat = x.sub(xmean).div(xvar.add(this.eps).sqrt());
    this.out = this.gamma.mul(xhat).add(this.beta);
    if (this.training) {
      // In place and outside the graph: buffers, not parameters.
      noGrad(() => {
        const m = this.momentum;
        this.runningMean.mul_(1 - m).add_(xmean.view(-1).mul(m));
        this.runningVar.mul_(1 - m).add_(xvar.view(-1).mul(m));
      });
    }
    return this.out;
  }

  parameters(): Tensor[] {
    return [this.gamma, this.beta];
  }
}

export class Tanh implements Layer {
  readonly name = "Tanh";
  out: Tensor | null = null;
  training = true;

  forward(x: Tensor): Tensor {
    this.out = x.tanh();
    return this.out;
  }

  parameters(): Tensor[] {
    return [];
  }
}

export interface DeepNetwork {
  readonly C: Tensor;
  readonly layers: readonly Layer[];
  /** C first, then each layer's, in order: the lecture's `parameters`. */
  readonly parameters: readonly Tensor[];
}

export interface DeepSizes {
  readonly vocabSize: number;
  readonly blockSize: number;
  readonly embedding: number;
  readonly hidden: number;
  readonly depth: number;
}

/** Five hidden layers of 100 after a 3×10 embedding: 47,024 parameters. */
export const deepSizes: DeepSizes = {
  vocabSize: 27,
  blockSize: 3,
  embedding: 10,
  hidden: 100,
  depth: 5,
};

/**
 * Linear (no bias) → BatchNorm1d → Tanh, `depth` times, then Linear → BatchNorm1d to the
 * logits, every draw from `g` in the lecture's order. The last BatchNorm's gain is scaled by
 * 0.1 so that the first softmax is not confident; `gain` multiplies the other Linear weights
 * (the lecture's `layer.weight *= 5/3`, left at 1 with BatchNorm in the network).
 */
export function initDeepNetwork(sizes: DeepSizes, g: Generator, gain = 1): DeepNetwork {
  const C = randn([sizes.vocabSize, sizes.embedding], { generator: g });
  const layers: Layer[] = [];
  let fanIn = sizes.embedding * sizes.blockSize;
  for (let d = 0; d < sizes.depth; d++) {
    layers.push(
      new Linear(fanIn, sizes.hidden, g, false),
      new BatchNorm1d(sizes.hidden),
      new Tanh(),
    );
    fanIn = sizes.hidden;
  }
  layers.push(new Linear(fanIn, sizes.vocabSize, g, false), new BatchNorm1d(sizes.vocabSize));
  noGrad(() => {
    (layers.at(-1) as BatchNorm1d).gamma.mul_(0.1);
    for (const layer of layers.slice(0, -1))
      if (layer instanceof Linear && gain !== 1) layer.weight.mul_(gain);
  });
  const parameters = [C, ...layers.flatMap((layer) => layer.parameters())];
  for (const p of parameters) p.requiresGrad_(true);
  return { C, layers, parameters };
}

/** The logits for contexts X, each layer keeping its output. */
export function deepForward(net: DeepNetwork, X: Tensor): Tensor {
  const emb = net.C.index(X);
  let x = emb.view(emb.shape[0]!, -1);
  for (const layer of net.layers) x = layer.forward(x);
  return x;
}

export function setTraining(net: DeepNetwork, training: boolean): void {
  for (const layer of net.layers) layer.training = training;
}

export interface DeepStep {
  readonly loss: number;
  /** log10(std(lr · grad) / std(data)) of every parameter, in `parameters` order. */
  readonly updateRatios: number[];
}

/**
 * One step of the lecture's loop, outside any scope: the layers' outputs and their gradients
 * (kept by retainGrad) stay readable after it, for the diagnostics. Returns the loss and the
 * update:data ratios.
 */
export function deepTrainingStep(
  net: DeepNetwork,
  X: Tensor,
  Y: Tensor,
  g: Generator,
  lr: number,
  batchSize = 32,
): DeepStep {
  const ix = randint(0, X.shape[0]!, [batchSize], { generator: g });
  const loss = crossEntropy(deepForward(net, X.index(ix)), Y.index(ix));
  for (const layer of net.layers) layer.out?.retainGrad();
  for (const p of net.parameters) p.grad = null;
  loss.backward();
  for (const p of net.parameters) p.data.add_(p.grad!.mul(-lr));
  const updateRatios = noGrad(() =>
    net.parameters.map((p) =>
      scope(() => Math.log10(p.grad!.mul(lr).std().item() / p.data.std().item())),
    ),
  );
  return { loss: loss.item(), updateRatios };
}
