/**
 * Minibatch training with step decay. The forward pass is the kit's (you wrote it in exercise 16).
 * Read README.md in this folder first.
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import {
  crossEntropy,
  type Generator,
  randint,
  scope,
  type Tensor,
} from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** 0.1 for the first half of the steps, 0.01 after. */
export function learningRate(step: number, steps: number): number {
  return todo("learningRate: 0.1 while step < steps / 2, then 0.01");
}

/** Trains in place; minibatches of 32 are drawn from g with randint. Returns each step's minibatch loss. */
export function train(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  return todo(
    "train: each step, ix = randint(0, n, [32], { generator: g }); loss on X.index(ix), Y.index(ix); zero grads, backward, update with learningRate(step, steps)",
  );
}
