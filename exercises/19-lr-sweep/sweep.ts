/**
 * The learning-rate sweep. The forward pass is the kit's (exercise 16) and the training step is
 * written (exercise 18); your work is the rates. Read README.md in this folder first.
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import {
  crossEntropy,
  type Generator,
  linspace,
  randint,
  type Tensor,
} from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** The exponents: steps values evenly spaced from -3 to 0 (lre = torch.linspace(-3, 0, steps)). */
export function exponents(steps: number): number[] {
  return todo("exponents: the values of linspace(-3, 0, steps), as a plain array ([...t.storage])");
}

/** One training step per exponent, at learning rate 10^exponent; returns each step's minibatch loss. */
export function sweep(p: Parameters, X: Tensor, Y: Tensor, g: Generator, steps: number): number[] {
  const parameters = [p.C, p.W1, p.b1, p.W2, p.b2];
  const lre = exponents(steps);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const ix = randint(0, X.shape[0]!, [32], { generator: g });
    const loss = crossEntropy(forward(p, X.index(ix)), Y.index(ix));
    for (const q of parameters) q.grad = null;
    loss.backward();
    const lr = todo("sweep: the learning rate of this step is 10 ** lre[step]") as number;
    for (const q of parameters) q.data.add_(q.grad!.mul(-lr));
    losses.push(loss.item());
  }
  return losses;
}

/** The exponent at which the loss was lowest: a rough guide to a good learning rate. */
export function bestExponent(lre: readonly number[], losses: readonly number[]): number {
  return todo("bestExponent: the exponent at the index of the smallest loss");
}
