/** Saturation as what is left once the unsaturated are counted; the draw scaled in place. */
import type { MlpParameters } from "#reference/makemore/model.ts";
import { type Generator, randn, type Tensor } from "#reference/tensor/index.ts";

export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu";

/**
 * n minus the entries with |h| ≤ threshold, over n: whole numbers until the last division.
 * (A NaN would count as saturated here; tanh of finite pre-activations is never NaN.)
 */
export function saturatedFraction(h: Tensor, threshold: number): number {
  const n = h.numel();
  return (n - h.abs().le(threshold).sum().item()) / n;
}

export function hiddenSaturation(p: MlpParameters, X: Tensor, threshold: number): number {
  const fanIn = X.shape[1]! * p.C.shape[1]!;
  const embcat = p.C.index(X).reshape(-1, fanIn);
  return saturatedFraction(embcat.matmul(p.W1).add(p.b1).tanh(), threshold);
}

const gains = new Map<Nonlinearity, number>([
  ["linear", 1],
  ["sigmoid", 1],
  ["tanh", 5 / 3],
  ["relu", Math.sqrt(2)],
]);

export function gain(nonlinearity: Nonlinearity): number {
  return gains.get(nonlinearity)!;
}

export function kaimingStd(fanIn: number, nonlinearity: Nonlinearity): number {
  return gain(nonlinearity) * Math.sqrt(1 / fanIn);
}

export function kaimingInit(
  fanIn: number,
  fanOut: number,
  nonlinearity: Nonlinearity,
  g: Generator,
): Tensor {
  // The fresh draw is nobody else's, so it may be scaled in place.
  return randn([fanIn, fanOut], { generator: g }).mul_(gain(nonlinearity) / Math.sqrt(fanIn));
}
