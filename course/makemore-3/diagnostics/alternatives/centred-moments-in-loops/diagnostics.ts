import type { Layer } from "#reference/makemore/batchnorm-deep.ts";
import { noGrad, type Tensor } from "#reference/tensor/index.ts";

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

/** The mean, and the (unbiased) std as the root of the centred sum of squares over n - 1. */
function moments(t: Tensor): { mean: number; std: number } {
  const mean = t.mean();
  const squares = t.sub(mean).pow(2).sum();
  return {
    mean: mean.item(),
    std: squares
      .div(t.numel() - 1)
      .sqrt()
      .item(),
  };
}

export function activationStatistics(
  layers: readonly Layer[],
  threshold = 0.97,
): ActivationStatistics[] {
  const statistics: ActivationStatistics[] = [];
  noGrad(() => {
    for (let i = 0; i < layers.length; i++) {
      const t = layers[i]!.name === "Tanh" ? layers[i]!.out : null;
      if (!t) continue;
      // The two tails, t > threshold and t < -threshold, counted apart.
      const tails = t.gt(threshold).sum().item() + t.lt(-threshold).sum().item();
      statistics.push({ layer: i, ...moments(t), saturated: tails / t.numel() });
    }
  });
  return statistics;
}

export function gradientStatistics(layers: readonly Layer[]): GradientStatistics[] {
  const statistics: GradientStatistics[] = [];
  noGrad(() => {
    for (let i = 0; i < layers.length; i++) {
      const grad = layers[i]!.name === "Tanh" ? layers[i]!.out?.grad : null;
      if (grad) statistics.push({ layer: i, ...moments(grad) });
    }
  });
  return statistics;
}

export function weightStatistics(parameters: readonly Tensor[]): WeightStatistics[] {
  const statistics: WeightStatistics[] = [];
  noGrad(() => {
    for (let index = 0; index < parameters.length; index++) {
      const p = parameters[index]!;
      if (p.shape.length !== 2 || !p.grad) continue;
      const { mean, std } = moments(p.grad);
      statistics.push({ index, mean, std, gradToData: std / moments(p.data).std });
    }
  });
  return statistics;
}

/** std(lr · grad) is lr · std(grad) for a positive rate: the product taken in plain numbers. */
export function updateToDataRatios(parameters: readonly Tensor[], learningRate: number): number[] {
  const ratios: number[] = [];
  noGrad(() => {
    for (const p of parameters)
      ratios.push(Math.log10((learningRate * moments(p.grad!).std) / moments(p.data).std));
  });
  return ratios;
}
