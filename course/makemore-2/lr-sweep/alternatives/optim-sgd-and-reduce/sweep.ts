/**
 * Finding a good learning rate: train from a fresh start while the rate grows exponentially
 * from 0.001 to 1 over the steps, and watch where the loss falls fastest before it blows up.
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import {
  crossEntropy,
  type Generator,
  linspace,
  optim,
  randint,
  type Tensor,
} from "#reference/tensor/index.ts";

/** The exponents: steps values evenly spaced from -3 to 0 (lre = torch.linspace(-3, 0, steps)). */
export function exponents(steps: number): number[] {
  return linspace(-3, 0, steps).tolist() as number[];
}

/** torch.optim's way: the optimizer's lr becomes 10^lre[i] before step i's update. */
export function sweep(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  const lrs = exponents(steps).map((e) => 10 ** e);
  const optimizer = new optim.SGD([p.C, p.W1, p.b1, p.W2, p.b2], { lr: lrs[0] ?? 0 });
  return lrs.map((lr) => {
    const ix = randint(0, X.shape[0]!, [32], { generator: g });
    const loss = crossEntropy(forward(p, X.index(ix)), Y.index(ix));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.lr = lr;
    optimizer.step();
    return loss.item();
  });
}

/** The exponent at which the loss was lowest (the first, if several tie). */
export function bestExponent(lre: readonly number[], losses: readonly number[]): number {
  const lowest = losses.reduce((best, loss, i) => (loss < losses[best]! ? i : best), 0);
  return lre[lowest]!;
}
