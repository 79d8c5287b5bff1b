/** The normalising layers: BatchNorm1d (lectures 4 and 6) and LayerNorm (lecture 7). */
import "../ops/elementwise.ts";
import "../ops/inplace.ts";
import "../ops/reduce.ts";
import "../ops/views.ts";
import { noGrad } from "../autograd.ts";
import { ones, zeros } from "../creation.ts";
import type { DType } from "../dtype.ts";
import { layerNorm } from "../functional.ts";
import type { Tensor } from "../tensor.ts";
import * as errors from "./errors.ts";
import { Module } from "./module.ts";

export interface BatchNormOptions {
  eps?: number;
  /** The running statistics' step: 0.1 as PyTorch (lecture 4's hand-written one uses 0.001). */
  momentum?: number;
  dtype?: DType;
}

/**
 * Normalises each feature over the batch: `gamma * (x - mean) / sqrt(var + eps) + beta`, with
 * the batch's biased variance while training, and running mean and (unbiased) variance
 * updated under no-grad for eval mode, as PyTorch does. Input (N, C), or (N, L, C) reduced
 * over N and L as lecture 6 does it; PyTorch's own BatchNorm1d takes (N, C, L) instead.
 */
export class BatchNorm1d extends Module {
  readonly eps: number;
  readonly momentum: number;
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    const dtype = options.dtype;
    this.weight = this.registerParameter("weight", ones([numFeatures], { dtype }));
    this.bias = this.registerParameter("bias", zeros([numFeatures], { dtype }));
    this.runningMean = this.registerBuffer("running_mean", zeros([numFeatures], { dtype }));
    this.runningVar = this.registerBuffer("running_var", ones([numFeatures], { dtype }));
  }

  /** The lectures' names for weight and bias. */
  get gamma(): Tensor {
    return this.weight;
  }

  get beta(): Tensor {
    return this.bias;
  }

  forward(x: Tensor): Tensor {
    const C = this.numFeatures;
    const rank = x.shape.length;
    if ((rank !== 2 && rank !== 3) || x.shape[rank - 1] !== C) {
      throw errors.batchNormInputShape(x.shape, C);
    }
    // (N, L, C) reduced over (0, 1) is (N·L, C) reduced over 0: the same numbers.
    const rows = rank === 2 ? x : x.view(-1, C);
    let mean: Tensor;
    let variance: Tensor;
    if (this.training) {
      if (rows.shape[0]! < 2) throw errors.batchNormOneValue(x.shape);
      mean = rows.mean(0, true);
      variance = rows.var(0, true, 0);
      noGrad(() => {
        const m = this.momentum;
        this.runningMean.mul_(1 - m).add_(mean.view(C).mul(m));
        this.runningVar.mul_(1 - m).add_(rows.var(0, false, 1).mul(m));
      });
    } else {
      mean = this.runningMean;
      variance = this.runningVar;
    }
    const normalised = rows.sub(mean).div(variance.add(this.eps).pow(0.5));
    const out = normalised.mul(this.weight).add(this.bias);
    return rank === 2 ? out : out.view([...x.shape]);
  }
}

export interface LayerNormOptions {
  eps?: number;
  dtype?: DType;
}

/** Normalises each row over its last dimension, then `gamma * xhat + beta` (lecture 7). */
export class LayerNorm extends Module {
  readonly eps: number;
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(
    readonly normalizedShape: number,
    options: LayerNormOptions = {},
  ) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.weight = this.registerParameter(
      "weight",
      ones([normalizedShape], { dtype: options.dtype }),
    );
    this.bias = this.registerParameter("bias", zeros([normalizedShape], { dtype: options.dtype }));
  }

  forward(x: Tensor): Tensor {
    const D = this.normalizedShape;
    if (x.shape.at(-1) !== D) throw errors.layerNormInputShape(x.shape, D);
    if (x.dtype === this.weight.dtype) return layerNorm(x, this.weight, this.bias, this.eps);
    // Another dtype than the parameters' (float64 input, float32 layer): the same steps as ops.
    const rows = x.view(-1, D);
    const mean = rows.mean(1, true);
    const variance = rows.var(1, true, 0);
    const out = rows.sub(mean).div(variance.add(this.eps).pow(0.5)).mul(this.weight).add(this.bias);
    return out.view([...x.shape]);
  }
}
