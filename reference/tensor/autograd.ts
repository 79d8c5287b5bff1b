/**
 * Recording the autograd graph. Every op makes its result with `record()`: when grad mode is
 * on and an input requires grad, the result remembers its inputs and the op's backward rule,
 * how the result's gradient reaches each input. backward.ts runs the rules, from the loss
 * back to the parameters.
 */
import { type DType, isFloating } from "./dtype.ts";
import { allocate, type Storage } from "./storage.ts";
import { type GradFn, Tensor } from "./tensor.ts";

let gradEnabled = true;

/** False inside noGrad(). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording operations for autograd, like `with torch.no_grad():`. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * The result of an op on `inputs`: a new tensor of `storage`. When autograd is on, the result
 * is floating-point and an input requires grad, the result requires grad too, and records
 * `backward` (how its gradient reaches the inputs) under PyTorch's `name` for it.
 */
export function record(
  storage: Storage,
  shape: readonly number[],
  dtype: DType,
  inputs: readonly Tensor[],
  name: string,
  backward: GradFn["backward"],
): Tensor {
  const out = new Tensor(storage, shape, dtype);
  if (gradEnabled && isFloating(dtype)) {
    let needed = false;
    for (let i = 0; i < inputs.length; i++) if (inputs[i]!.requiresGrad) needed = true;
    if (needed) {
      out.requiresGrad = true;
      out.gradFn = { name, inputs, backward };
    }
  }
  return out;
}

/**
 * A gradient for `input`, as a backward rule returns it: fresh storage of the input's shape
 * and dtype (zeroed unless the kernel writes all of it: `zeroed = false`), filled by `fill`.
 */
export function gradientFor(input: Tensor, fill: (dx: Storage) => void, zeroed = true): Tensor {
  const dx = allocate(input.dtype, input.numel(), zeroed);
  fill(dx);
  return new Tensor(dx, input.shape, input.dtype);
}
