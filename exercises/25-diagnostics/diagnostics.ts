import type { Layer } from "#reference/makemore/batchnorm-deep.ts";
import { noGrad, type Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

// Read README.md in this folder first.

export interface ActivationStatistics {
  /** The layer's index in `layers`. */
  readonly layer: number;
  readonly mean: number;
  readonly std: number;
  /** The fraction (0 to 1) of the layer's outputs with |t| > threshold. */
  readonly saturated: number;
}

export interface GradientStatistics {
  readonly layer: number;
  readonly mean: number;
  readonly std: number;
}

export interface WeightStatistics {
  /** The parameter's index in `parameters`. */
  readonly index: number;
  readonly mean: number;
  readonly std: number;
  /** std(grad) / std(data). */
  readonly gradToData: number;
}

/** Every Tanh layer's output: its mean, std, and the fraction saturated (|t| > threshold). */
export function activationStatistics(
  layers: readonly Layer[],
  threshold = 0.97,
): ActivationStatistics[] {
  return todo("activationStatistics: mean, std and saturated fraction of every Tanh layer's out");
}

/** Every Tanh layer's output gradient (kept by retainGrad): its mean and std. */
export function gradientStatistics(layers: readonly Layer[]): GradientStatistics[] {
  return todo("gradientStatistics: mean and std of every Tanh layer's out.grad");
}

/** Every weight matrix (2-D parameter): its gradient's mean and std, and std(grad) / std(data). */
export function weightStatistics(parameters: readonly Tensor[]): WeightStatistics[] {
  return todo("weightStatistics: for every 2-D parameter, grad mean, grad std, grad:data ratio");
}

/** For every parameter, log10(std(lr · grad) / std(data)): the size of one step beside the data. */
export function updateToDataRatios(parameters: readonly Tensor[], learningRate: number): number[] {
  return todo("updateToDataRatios: log10(std(lr * grad) / std(data)) for every parameter");
}
