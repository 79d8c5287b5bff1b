/**
 * Running the autograd graph backward (the graph autograd.ts records): `loss.backward()`
 * orders the graph so that every tensor comes after its inputs, then walks it from the loss
 * down, handing each tensor's gradient to the backward rule of the op that made it, until the
 * leaves (the parameters), whose `.grad` it fills.
 */
import { noGrad } from "./autograd.ts";
import type { DType } from "./dtype.ts";
import * as errors from "./errors.ts";
import { kernels } from "./kernels.ts";
import { add } from "./ops/elementwise.ts";
import { sameShape } from "./shape.ts";
import { allocate } from "./storage.ts";
import { defineMethods, type GradFn, gathered, orderedIn, Tensor } from "./tensor.ts";

/** Counts backward() calls: a tensor whose [orderedIn] is this pass's number is in its order. */
let passes = 0;

export function backward(root: Tensor, gradient?: Tensor): void {
  if (!root.requiresGrad) throw errors.backwardNeedsGrad();
  if (gradient === undefined && root.numel() !== 1) throw errors.backwardNeedsScalar(root.shape);
  if (gradient !== undefined && !sameShape(gradient.shape, root.shape))
    throw errors.backwardGradientShape(root.shape, gradient.shape);
  // The caller's gradient is copied (in the root's dtype, as PyTorch casts it): the gradients
  // below are then all owned by this pass, so they can be kept and added to in place.
  const seed =
    gradient === undefined
      ? new Tensor(allocate(root.dtype, 1).fill(1), root.shape, root.dtype)
      : copyOf(gradient, root.dtype);
  const order = topologicalOrder(root);
  // Each tensor's gradient is gathered on it until its turn comes. A gathered gradient
  // belongs to its tensor alone (handOut sees to it), so it may be added to in place, and
  // become a leaf's .grad as it is.
  root[gathered] = seed;
  try {
    noGrad(() => {
      for (let i = order.length - 1; i >= 0; i--) {
        const node = order[i]!;
        const grad = node[gathered];
        if (!grad) continue;
        node[gathered] = null;
        // retainGrad(): a copy, since the gathered gradient may be handed on and added to.
        if (node.gradFn && node.retainsGrad) accumulate(node, copyOf(grad, node.dtype));
        if (node.gradFn) handOut(node.gradFn, node.gradFn.backward(grad));
        else accumulate(node, grad);
      }
    });
  } finally {
    for (const node of order) node[gathered] = null; // a failed pass leaves nothing behind
  }
}

/**
 * The tensors `root` was computed from through inputs that require grad, root included, each
 * after its inputs. Found iteratively, with a stack, since graphs can be deep.
 */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const pass = ++passes;
  root[orderedIn] = pass;
  const stack: Tensor[] = [root];
  const nextInput: number[] = [0]; // for each tensor on the stack, the input to look at next
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top.gradFn?.inputs;
    const k = nextInput[nextInput.length - 1]!;
    if (inputs && k < inputs.length) {
      nextInput[nextInput.length - 1] = k + 1;
      const input = inputs[k]!;
      if (input.requiresGrad && input[orderedIn] !== pass) {
        input[orderedIn] = pass;
        stack.push(input);
        nextInput.push(0);
      }
    } else {
      // A leaf whose .grad is a previous scope's (its memory given back): say so now,
      // before any gradient has been added anywhere.
      if (top.gradFn === null && top.grad?.lease?.ended) throw errors.gradFromEndedScope();
      order.push(top);
      stack.pop();
      nextInput.pop();
    }
  }
  return order;
}

/** Gives each input of one step its gradient from the step's rule, adding to any it has gathered. */
function handOut(fn: GradFn, grads: (Tensor | null)[]): void {
  for (let k = 0; k < fn.inputs.length; k++) {
    const input = fn.inputs[k]!;
    const g = grads[k];
    if (!g || !input.requiresGrad) continue;
    const sofar = input[gathered];
    if (sofar) {
      if (!addInPlace(sofar, g)) input[gathered] = add(sofar, g);
      continue;
    }
    // Kept as it is, unless an earlier input of this step was handed the same storage (add
    // hands g to both its inputs): then this input gets a copy of its own.
    input[gathered] = sharedWithEarlier(fn, grads, k) ? copyOf(g, g.dtype) : g;
  }
}

function sharedWithEarlier(fn: GradFn, grads: (Tensor | null)[], k: number): boolean {
  const storage = grads[k]!.storage;
  for (let j = 0; j < k; j++) {
    const other = grads[j];
    if (other && other.storage === storage && fn.inputs[j]!.requiresGrad) return true;
  }
  return false;
}

/** A leaf's gradient becomes its .grad, or is added to the one it has (in place when it can). */
function accumulate(leaf: Tensor, grad: Tensor): void {
  if (leaf.grad === null) leaf.grad = grad;
  else if (!addInPlace(leaf.grad, grad)) leaf.grad = add(leaf.grad, grad);
}

/** target += source in place, when they have the same shape and dtype (gradients do); false otherwise. */
function addInPlace(target: Tensor, source: Tensor): boolean {
  if (target.dtype !== source.dtype || !sameShape(target.shape, source.shape)) return false;
  const t = target.storage;
  kernels.binary("add", t, target.shape, source.storage, source.shape, t, target.shape);
  return true;
}

/** A copy of x's elements in `dtype`, outside the graph. */
function copyOf(x: Tensor, dtype: DType): Tensor {
  const out = allocate(dtype, x.numel(), false);
  kernels.convert(x.storage, out);
  return new Tensor(out, x.shape, dtype);
}

defineMethods({
  backward(gradient) {
    backward(this, gradient);
  },
});
