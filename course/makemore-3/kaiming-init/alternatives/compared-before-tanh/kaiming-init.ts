/** |tanh(x)| > t exactly when |x| > atanh(t): the hidden layer's saturation without the tanh. */
import type { MlpParameters } from "#reference/makemore/model.ts";
import { type Generator, randn, type Tensor } from "#reference/tensor/index.ts";

export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu";

export function saturatedFraction(h: Tensor, threshold: number): number {
  let saturated = 0;
  for (const v of h.view(-1).tolist() as number[]) if (Math.abs(v) > threshold) saturated++;
  return saturated / h.numel();
}

export function hiddenSaturation(p: MlpParameters, X: Tensor, threshold: number): number {
  const hpreact = p.C.index(X).view(-1, p.W1.shape[0]!).matmul(p.W1).add(p.b1);
  return hpreact.abs().gt(Math.atanh(threshold)).sum().item() / hpreact.numel();
}

export function gain(nonlinearity: Nonlinearity): number {
  if (nonlinearity === "tanh") return 5 / 3;
  if (nonlinearity === "relu") return 2 ** 0.5;
  return 1;
}

export function kaimingStd(fanIn: number, nonlinearity: Nonlinearity): number {
  return gain(nonlinearity) * fanIn ** -0.5;
}

export function kaimingInit(
  fanIn: number,
  fanOut: number,
  nonlinearity: Nonlinearity,
  g: Generator,
): Tensor {
  const std = kaimingStd(fanIn, nonlinearity);
  return randn([fanIn, fanOut], { generator: g }).mul(std);
}
