/**
 * tanh saturation and Kaiming initialisation. Read README.md in this folder first.
 */
import type { MlpParameters } from "#reference/makemore/model.ts";
import { type Generator, randn, type Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu";

/** The fraction of the activations h (tanh outputs) with |h| > threshold. */
export function saturatedFraction(h: Tensor, threshold: number): number {
  return todo("saturatedFraction: how many entries have |h| > threshold, divided by h.numel()");
}

/** The fraction of the MLP's hidden activations, on the contexts X, that are saturated. */
export function hiddenSaturation(p: MlpParameters, X: Tensor, threshold: number): number {
  return todo(
    "hiddenSaturation: emb = C[X], h = tanh(emb.view(-1, fan_in) @ W1 + b1), then saturatedFraction(h, threshold)",
  );
}

/** How much a non-linearity squashes its input's spread, to be made up by the weights. */
export function gain(nonlinearity: Nonlinearity): number {
  return todo("gain: tanh 5/3, relu √2, linear and sigmoid 1");
}

/** Kaiming's std for a layer with fanIn inputs followed by the non-linearity. */
export function kaimingStd(fanIn: number, nonlinearity: Nonlinearity): number {
  return todo("kaimingStd: gain / √fanIn");
}

/** A [fanIn, fanOut] weight drawn from g, with Kaiming's std for the non-linearity after it. */
export function kaimingInit(
  fanIn: number,
  fanOut: number,
  nonlinearity: Nonlinearity,
  g: Generator,
): Tensor {
  return todo("kaimingInit: randn([fanIn, fanOut], { generator: g }) times kaimingStd(fanIn, ...)");
}
