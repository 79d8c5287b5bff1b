/** The same measures and initialisation, written with a mask's mean and a table of gains. */
import type { MlpParameters } from "#reference/makemore/model.ts";
import { type Generator, randn, type Tensor } from "#reference/tensor/index.ts";

export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu";

const gains: Record<Nonlinearity, number> = {
  linear: 1,
  sigmoid: 1,
  tanh: 5 / 3,
  relu: Math.SQRT2,
};

export function saturatedFraction(h: Tensor, threshold: number): number {
  return h.abs().gt(threshold).float().mean().item();
}

export function hiddenSaturation(p: MlpParameters, X: Tensor, threshold: number): number {
  const embcat = p.C.index(X).view(X.shape[0]!, -1);
  const h = embcat.matmul(p.W1).add(p.b1).tanh();
  return saturatedFraction(h, threshold);
}

export function gain(nonlinearity: Nonlinearity): number {
  return gains[nonlinearity];
}

export function kaimingStd(fanIn: number, nonlinearity: Nonlinearity): number {
  return Math.sqrt(gain(nonlinearity) ** 2 / fanIn);
}

export function kaimingInit(
  fanIn: number,
  fanOut: number,
  nonlinearity: Nonlinearity,
  g: Generator,
): Tensor {
  return randn([fanIn, fanOut], { generator: g })
    .mul(gain(nonlinearity))
    .div(fanIn ** 0.5);
}
