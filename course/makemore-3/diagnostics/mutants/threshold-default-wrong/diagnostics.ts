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

/** Every Tanh layer's output: its mean, std, and the fraction saturated (|t| > threshold). */
export function activationStatistics(
  layers: readonly Layer[],
  threshold = 0.9,
): ActivationStatistics[] {
  return noGrad(() =>
    layers.flatMap((layer, i) => {
      if (layer.name !== "Tanh" || !layer.out) return [];
      const t = layer.out;
      const saturated = t.abs().gt(threshold).float().mean().item();
      return [{ layer: i, mean: t.mean().item(), std: t.std().item(), saturated }];
    }),
  );
}

/** Every Tanh layer's output gradient (kept by retainGrad): its mean and std. */
export function gradientStatistics(layers: readonly Layer[]): GradientStatistics[] {
  return noGrad(() =>
    layers.flatMap((layer, i) => {
      const g = layer.name === "Tanh" ? layer.out?.grad : null;
      return g ? [{ layer: i, mean: g.mean().item(), std: g.std().item() }] : [];
    }),
  );
}

/** Every weight matrix (2-D parameter): its gradient's mean and std, and std(grad) / std(data). */
export function weightStatistics(parameters: readonly Tensor[]): WeightStatistics[] {
  return noGrad(() =>
    parameters.flatMap((p, index) => {
      if (p.shape.length !== 2 || !p.grad) return [];
      const std = p.grad.std().item();
      return [{ index, mean: p.grad.mean().item(), std, gradToData: std / p.data.std().item() }];
    }),
  );
}

/** For every parameter, log10(std(lr · grad) / std(data)): the size of one step beside the data. */
export function updateToDataRatios(parameters: readonly Tensor[], learningRate: number): number[] {
  return noGrad(() =>
    parameters.map((p) => p.grad!.mul(learningRate).std().div(p.data.std()).log10().item()),
  );
}
