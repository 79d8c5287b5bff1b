/**
 * `torch.optim`: SGD and AdamW, with PyTorch's defaults and update rules. Each step runs
 * under no-grad on the parameters in place, as `p.data += -lr * p.grad` does in the lectures.
 */
import "./ops/elementwise.ts";
import "./ops/inplace.ts";
import { noGrad } from "./autograd.ts";
import { zeros } from "./creation.ts";
import { noParameters } from "./nn/errors.ts";
import type { Tensor } from "./tensor.ts";

abstract class Optimizer {
  readonly params: Tensor[];

  constructor(params: Iterable<Tensor>) {
    this.params = [...params];
    if (this.params.length === 0) throw noParameters();
  }

  /**
   * Sets every parameter's `.grad` to null (PyTorch 2's default, `set_to_none=True`; 1.13
   * zeroes them in place, which gives the same next gradient).
   */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  abstract step(): void;
}

export interface SGDOptions {
  lr: number;
  /** L2 penalty added to the gradient: g + weightDecay · p (default 0). */
  weightDecay?: number;
}

/** `p -= lr * (grad + weightDecay * p)`; parameters without a gradient are skipped. */
export class SGD extends Optimizer {
  lr: number;
  readonly weightDecay: number;

  constructor(params: Iterable<Tensor>, options: SGDOptions) {
    super(params);
    this.lr = options.lr;
    this.weightDecay = options.weightDecay ?? 0;
  }

  step(): void {
    noGrad(() => {
      for (const p of this.params) {
        if (!p.grad) continue;
        const g = this.weightDecay === 0 ? p.grad : p.grad.add(p.mul(this.weightDecay));
        p.add_(g.mul(-this.lr));
      }
    });
  }
}

export interface AdamWOptions {
  /** Default 1e-3. */
  lr?: number;
  /** Default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Default 1e-8. */
  eps?: number;
  /** Decoupled weight decay, default 1e-2. */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay, PyTorch's rule: p *= 1 - lr·wd; m = β1·m + (1-β1)·g;
 * v = β2·v + (1-β2)·g²; p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + eps).
 */
export class AdamW extends Optimizer {
  lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  #t = 0;
  readonly #m: Tensor[];
  readonly #v: Tensor[];

  constructor(params: Iterable<Tensor>, options: AdamWOptions = {}) {
    super(params);
    this.lr = options.lr ?? 1e-3;
    this.betas = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 1e-2;
    this.#m = this.params.map((p) => zeros(p.shape, { dtype: p.dtype }));
    this.#v = this.params.map((p) => zeros(p.shape, { dtype: p.dtype }));
  }

  step(): void {
    this.#t++;
    const [beta1, beta2] = this.betas;
    const stepSize = this.lr / (1 - beta1 ** this.#t);
    const correction2 = Math.sqrt(1 - beta2 ** this.#t);
    noGrad(() => {
      this.params.forEach((p, i) => {
        const g = p.grad;
        if (!g) return;
        const m = this.#m[i]!;
        const v = this.#v[i]!;
        if (this.weightDecay !== 0) p.mul_(1 - this.lr * this.weightDecay);
        m.mul_(beta1).add_(g.mul(1 - beta1));
        v.mul_(beta2).add_(g.mul(g).mul(1 - beta2));
        const denominator = v.pow(0.5).div(correction2).add(this.eps);
        p.add_(m.div(denominator).mul(-stepSize));
      });
    });
  }
}
