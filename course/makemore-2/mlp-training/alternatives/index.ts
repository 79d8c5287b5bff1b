/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "scope-and-sub": {
    description: "Each step wrapped in scope(), and the update written as p.data -= lr * p.grad.",
  },
  "optim-sgd": {
    description:
      "torch.optim's way: an optim.SGD over the five parameters, its zeroGrad() and step(), its lr set each step; the decay point written as 2·step < steps.",
  },
  "closure-step-and-zeroed-grads": {
    description:
      "One step as a closure over the model and data, the forward pass written out, gradients zeroed in place with zero_() (PyTorch 1.13's zero_grad), the update p -= lr·grad under noGrad, and the losses collected with Array.from.",
  },
} satisfies AlternativeCatalogue;
