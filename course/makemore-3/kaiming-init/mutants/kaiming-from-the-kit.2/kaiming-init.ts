/**
 * tanh saturation and the initialisation that cures it. A tanh unit whose input is large sits
 * on a flat part of the curve: its output is ±1 and its local gradient, 1 - t², is about 0, so
 * almost nothing flows back through it. Drawing each weight matrix with std gain / √fan_in
 * keeps the pre-activations at a spread of about `gain` whatever the layer's width.
 */
import type { MlpParameters } from "#reference/makemore/model.ts";
import { type Generator, nn, type Tensor } from "#reference/tensor/index.ts";

export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu";

/** The fraction of the activations h (tanh outputs) with |h| > threshold. */
export function saturatedFraction(h: Tensor, threshold: number): number {
  return h.abs().gt(threshold).sum().item() / h.numel();
}

/** The fraction of the MLP's hidden activations, on the contexts X, that are saturated. */
export function hiddenSaturation(p: MlpParameters, X: Tensor, threshold: number): number {
  const emb = p.C.index(X);
  const hpreact = emb.view(-1, p.W1.shape[0]!).matmul(p.W1).add(p.b1);
  return saturatedFraction(hpreact.tanh(), threshold);
}

/** How much a non-linearity squashes its input's spread, to be made up by the weights. */
export function gain(nonlinearity: Nonlinearity): number {
  switch (nonlinearity) {
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.sqrt(2);
    case "linear":
    case "sigmoid":
      return 1;
  }
}

/** Kaiming's std: each of fanIn inputs adds its variance, so divide by √fanIn; then the gain. */
export function kaimingStd(fanIn: number, nonlinearity: Nonlinearity): number {
  return gain(nonlinearity) / Math.sqrt(fanIn);
}

/** A [fanIn, fanOut] weight drawn from g, with Kaiming's std for the non-linearity after it. */
export function kaimingInit(
  fanIn: number,
  fanOut: number,
  nonlinearity: Nonlinearity,
  g: Generator,
): Tensor {
  return nn.kaimingNormal([fanIn, fanOut], { nonlinearity, generator: g });
}
