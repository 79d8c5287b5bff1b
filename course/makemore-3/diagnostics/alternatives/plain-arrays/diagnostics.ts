import type { Layer } from "#reference/makemore/batchnorm-deep.ts";
import type { Tensor } from "#reference/tensor/index.ts";

export interface ActivationStatistics {
  readonly layer: number;
  readonly mean: number;
  readonly std: number;
  readonly saturated: number;
}

export interface GradientStatistics {
  readonly layer: number;
  readonly mean: number;
  readonly std: number;
}

export interface WeightStatistics {
  readonly index: number;
  readonly mean: number;
  readonly std: number;
  readonly gradToData: number;
}

/** The numbers out of the tensor, into a plain array: the statistics in ordinary arithmetic. */
function numbers(t: Tensor): number[] {
  return Array.from(t.detach().view(-1).tolist() as number[]);
}

function mean(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total / xs.length;
}

/** Unbiased, as torch.std: the squared deviations over n - 1. */
function std(xs: readonly number[]): number {
  const m = mean(xs);
  let total = 0;
  for (const x of xs) total += (x - m) ** 2;
  return Math.sqrt(total / (xs.length - 1));
}

export function activationStatistics(
  layers: readonly Layer[],
  threshold = 0.97,
): ActivationStatistics[] {
  const result: ActivationStatistics[] = [];
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    if (layer.name !== "Tanh" || layer.out === null) continue;
    const xs = numbers(layer.out);
    const saturated = xs.filter((x) => Math.abs(x) > threshold).length / xs.length;
    result.push({ layer: i, mean: mean(xs), std: std(xs), saturated });
  }
  return result;
}

export function gradientStatistics(layers: readonly Layer[]): GradientStatistics[] {
  const result: GradientStatistics[] = [];
  for (let i = 0; i < layers.length; i++) {
    const grad = layers[i]!.name === "Tanh" ? layers[i]!.out?.grad : null;
    if (!grad) continue;
    const xs = numbers(grad);
    result.push({ layer: i, mean: mean(xs), std: std(xs) });
  }
  return result;
}

export function weightStatistics(parameters: readonly Tensor[]): WeightStatistics[] {
  const result: WeightStatistics[] = [];
  parameters.forEach((p, index) => {
    if (p.shape.length !== 2 || !p.grad) return;
    const g = numbers(p.grad);
    result.push({ index, mean: mean(g), std: std(g), gradToData: std(g) / std(numbers(p)) });
  });
  return result;
}

export function updateToDataRatios(parameters: readonly Tensor[], learningRate: number): number[] {
  return parameters.map((p) =>
    Math.log10((learningRate * std(numbers(p.grad!))) / std(numbers(p))),
  );
}
