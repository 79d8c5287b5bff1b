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

/** The statistics in float64: a copy of the tensor as doubles, so the sums lose nothing. */
const wide = (t: Tensor) => t.double();

/** The Tanh layers' indices and outputs, in order. */
function* tanhOutputs(layers: readonly Layer[]): Generator<[number, Tensor]> {
  for (const [i, layer] of layers.entries())
    if (layer.name === "Tanh" && layer.out) yield [i, layer.out];
}

export function activationStatistics(
  layers: readonly Layer[],
  threshold = 0.97,
): ActivationStatistics[] {
  return noGrad(() =>
    Array.from(tanhOutputs(layers), ([layer, out]) => {
      const t = wide(out);
      const saturated = t.abs().gt(threshold).double().mean().item();
      return { layer, mean: t.mean().item(), std: t.std().item(), saturated };
    }),
  );
}

export function gradientStatistics(layers: readonly Layer[]): GradientStatistics[] {
  const statistics: GradientStatistics[] = [];
  noGrad(() => {
    for (const [layer, out] of tanhOutputs(layers)) {
      if (!out.grad) continue;
      const g = wide(out.grad);
      statistics.push({ layer, mean: g.mean().item(), std: g.std().item() });
    }
  });
  return statistics;
}

export function weightStatistics(parameters: readonly Tensor[]): WeightStatistics[] {
  return noGrad(() =>
    [...parameters.entries()]
      .filter(([, p]) => p.shape.length === 2 && p.grad)
      .map(([index, p]) => {
        const g = wide(p.grad!);
        const std = g.std().item();
        return { index, mean: g.mean().item(), std, gradToData: std / wide(p.data).std().item() };
      }),
  );
}

export function updateToDataRatios(parameters: readonly Tensor[], learningRate: number): number[] {
  return noGrad(() =>
    parameters.map((p) => {
      const update = wide(p.grad!).mul(learningRate);
      return Math.log10(update.std().item() / wide(p.data).std().item());
    }),
  );
}
