/**
 * `torch.nn.init`, the part lecture 7 uses to re-initialise its GPT: `normal_` and `zeros_`,
 * in place under no-grad, on parameters that require grad as PyTorch allows.
 */
import { noGrad } from "../autograd.ts";
import { defaultGenerator, type Generator } from "../random.ts";
import type { Tensor } from "../tensor.ts";

/**
 * Fills `t` with draws from N(mean, std²), as PyTorch's normal_ draws them: the same standard
 * normals as randn of t's size, then `n · std + mean` in t's precision (for float32 from 16
 * elements, PyTorch's vectorised kernel: one fused multiply-add of float32 n, std and mean).
 */
export function normal_(
  t: Tensor,
  mean = 0,
  std = 1,
  options: { generator?: Generator } = {},
): Tensor {
  const g = options.generator ?? defaultGenerator;
  noGrad(() => {
    const out = t.storage;
    const n = out.length;
    if (n < 16) {
      // PyTorch's scalar path: each normal in float64, scaled there, rounded once on storing.
      for (let i = 0; i < n; i++) out[i] = g.normalFloat64() * std + mean;
    } else if (out instanceof Float64Array) {
      g.fillNormalFloat64(out);
      for (let i = 0; i < n; i++) out[i] = out[i]! * std + mean;
    } else {
      const standard = new Float32Array(n);
      g.fillNormalFloat32(standard);
      // float32 · float32 is exact in float64, so with mean 0 (the lectures') the one rounding
      // to float32 is the fused multiply-add's; another mean adds a float64 rounding first.
      const s = Math.fround(std);
      const m = Math.fround(mean);
      for (let i = 0; i < n; i++) out[i] = standard[i]! * s + m;
    }
  });
  return t;
}

/** Fills `t` with zeros (a bias, as lecture 7's `_init_weights` does). */
export function zeros_(t: Tensor): Tensor {
  noGrad(() => t.storage.fill(0));
  return t;
}

/** Fills `t` with ones. */
export function ones_(t: Tensor): Tensor {
  noGrad(() => t.storage.fill(1));
  return t;
}
