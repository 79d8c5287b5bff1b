/** |h| > t counted as h > t plus h < -t (two disjoint tails, t ≥ 0); gains by if-chain. */
import type { MlpParameters } from "#reference/makemore/model.ts";
import { type Generator, randn, type Tensor, tanh } from "#reference/tensor/index.ts";

export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu";

/** How many entries lie beyond ±threshold. */
const tails = (h: Tensor, threshold: number): number =>
  h.gt(threshold).sum().item() + h.lt(-threshold).sum().item();

export function saturatedFraction(h: Tensor, threshold: number): number {
  return tails(h, threshold) / h.numel();
}

/** The hidden layer example by example is the same layer: one row of embeddings at a time. */
export function hiddenSaturation(p: MlpParameters, X: Tensor, threshold: number): number {
  let saturated = 0;
  let total = 0;
  for (const context of X.unbind(0)) {
    const h = tanh(p.C.index(context).view(1, -1).matmul(p.W1).add(p.b1));
    saturated += tails(h, threshold);
    total += h.numel();
  }
  return saturated / total;
}

export function gain(nonlinearity: Nonlinearity): number {
  if (nonlinearity === "tanh") return 5 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2);
  return 1;
}

export function kaimingStd(fanIn: number, nonlinearity: Nonlinearity): number {
  return gain(nonlinearity) / fanIn ** 0.5;
}

export function kaimingInit(
  fanIn: number,
  fanOut: number,
  nonlinearity: Nonlinearity,
  g: Generator,
): Tensor {
  const weight = randn([fanIn, fanOut], { generator: g });
  return weight.mul(kaimingStd(fanIn, nonlinearity));
}
