/**
 * The statistics the BatchNorm lecture reads a network's health from: per layer, the tanh
 * activations' mean, std and saturated fraction; the gradients' mean and std; each weight's
 * grad:data ratio; and over training each parameter's update:data ratio,
 * log10(std(lr · grad) / std(data)), which the lecture wants near -3. Also the histograms
 * the pictures draw, as torch.histogram(t, density=True) computes them.
 */
import { noGrad, type Tensor } from "../tensor/index.ts";

/** Past this |tanh|, the lecture calls a unit saturated: its local gradient 1 − t² is under 6%. */
export const saturationThreshold = 0.97;

export interface ActivationStatistics {
  readonly mean: number;
  readonly std: number;
  /** The fraction (0 to 1) of activations with |t| > threshold. */
  readonly saturated: number;
}

/** Over every element of a layer's tanh output (not its input: saturation is of the output). */
export function activationStatistics(
  t: Tensor,
  threshold = saturationThreshold,
): ActivationStatistics {
  return noGrad(() => ({
    mean: t.mean().item(),
    std: t.std().item(),
    saturated: t.abs().gt(threshold).float().mean().item(),
  }));
}

export interface GradientStatistics {
  readonly mean: number;
  readonly std: number;
}

export function gradientStatistics(grad: Tensor): GradientStatistics {
  return noGrad(() => ({ mean: grad.mean().item(), std: grad.std().item() }));
}

export interface WeightStatistics extends GradientStatistics {
  /** std(grad) / std(data): how large the gradient is beside the numbers it will change. */
  readonly gradToData: number;
}

export function weightStatistics(data: Tensor, grad: Tensor): WeightStatistics {
  return noGrad(() => {
    const std = grad.std().item();
    return { mean: grad.mean().item(), std, gradToData: std / data.std().item() };
  });
}

/**
 * log10 of std(lr · grad) / std(data): the size of one step's update beside the parameter's
 * own spread. Near -3 the parameter moves by a thousandth of itself per step; far below,
 * it learns too slowly; far above, too fast.
 */
export function updateToDataRatio(data: Tensor, grad: Tensor, learningRate: number): number {
  return noGrad(() => grad.mul(learningRate).std().div(data.std()).log10().item());
}

export interface Histogram {
  /** The left edge of each bin, as the lecture plots hx[:-1]. */
  readonly edges: number[];
  /** Density: count / (total · bin width), so the area under the curve is 1. */
  readonly density: number[];
}

/** torch.histogram(t, bins, density=True): equal bins over the data's range. */
export function histogram(t: Tensor, bins = 100): Histogram {
  const values = t.detach().view(-1);
  const low = values.min().item();
  const high = values.max().item();
  const counts = values.histc(bins, low, high).tolist() as number[];
  const width = (high - low) / bins || 1;
  const total = values.numel();
  return {
    edges: counts.map((_, i) => low + i * width),
    density: counts.map((c) => c / (total * width)),
  };
}

/** Which activations of a batch are saturated (|h| > threshold), row by row: the lecture's white pixels. */
export function saturationMask(h: Tensor, threshold = 0.99): boolean[][] {
  return noGrad(() =>
    (h.abs().gt(threshold).tolist() as number[][]).map((row) => row.map(Boolean)),
  );
}
