/** PyTorch's `F.` functions the lectures use. */
import { full } from "./creation.ts";
import { isFloating } from "./dtype.ts";
import * as errors from "./errors.ts";
import { kernels } from "./kernels.ts";
import { allocate, isGradEnabled, noGrad, Tensor } from "./tensor.ts";

/**
 * The mean negative log-likelihood of `targets` under softmax(`logits`), fused: the row max is
 * subtracted before exponentiating, so logits of 1e4 do not overflow, and the backward pass
 * is the simple (softmax - one-hot) / rows.
 */
export function crossEntropy(logits: Tensor, targets: Tensor): Tensor {
  if (logits.ndim !== 2) throw errors.crossEntropyLogitsShape(logits.shape);
  if (targets.ndim !== 1 || targets.shape[0] !== logits.shape[0])
    throw errors.crossEntropyTargetsShape(logits.shape, targets.shape);
  if (!isFloating(logits.dtype)) throw errors.crossEntropyIntegerLogits(logits.dtype);
  if (isFloating(targets.dtype)) throw errors.crossEntropyFloatTargets(targets.dtype);
  const width = logits.shape[1]!;
  const indices = targets.storage as Int32Array;
  for (const t of indices) if (t < 0 || t >= width) throw errors.targetOutOfRange(t, width);
  // The softmax kept for the backward pass, in the logits' precision (float32 as in PyTorch).
  const probs = allocate(
    logits.dtype === "float64" ? "float64" : "float32",
    logits.numel(),
    false,
  ) as Float32Array | Float64Array;
  const loss = kernels.crossEntropyForward(logits.storage, indices, width, probs);
  const out = new Tensor(allocate(logits.dtype, 1).fill(loss), [], logits.dtype);
  if (logits.requiresGrad && isGradEnabled()) {
    out.requiresGrad = true;
    out.gradFn = {
      name: "NllLossBackward0",
      inputs: [logits],
      backward: crossEntropyBackward(logits, indices, probs),
    };
  }
  return out;
}

/** How the loss's gradient reaches the logits: (softmax - one-hot) / rows, times it. */
function crossEntropyBackward(
  logits: Tensor,
  indices: Int32Array,
  probs: Float32Array | Float64Array,
): (g: Tensor) => Tensor[] {
  return (g) => {
    const dx = allocate(logits.dtype, logits.numel(), false); // written whole by the kernel
    kernels.crossEntropyBackward(probs, indices, logits.shape[1]!, g.storage[0]!, dx);
    return [new Tensor(dx, logits.shape, logits.dtype)];
  };
}

/**
 * `base ** exponent` where either side may be a plain number: `pow(10, lre)` is the lecture's
 * `lrs = 10**lre` (a number raised to each element of a tensor).
 */
export function pow(base: Tensor | number, exponent: Tensor | number): Tensor {
  if (base instanceof Tensor) return base.pow(exponent);
  if (typeof exponent === "number") return full([], base ** exponent);
  const dtype = isFloating(exponent.dtype) ? exponent.dtype : "float32";
  return full([], base, { dtype }).pow(exponent);
}

export const softmax = (x: Tensor, dim = -1): Tensor => x.softmax(dim);
export const tanh = (x: Tensor): Tensor => x.tanh();
export const exp = (x: Tensor): Tensor => x.exp();
export const log = (x: Tensor): Tensor => x.log();
export const relu = (x: Tensor): Tensor => x.relu();
export { noGrad };
