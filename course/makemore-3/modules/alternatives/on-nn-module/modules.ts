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
