/**
 * Sampling names from the MLP. The forward pass is the kit's (you wrote it in exercise 16).
 * Read README.md in this folder first.
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import { type Generator, multinomial, noGrad, tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** `count` names drawn from the network with generator g. */
export function sampleNames(
  p: Parameters,
  itos: readonly string[],
  blockSize: number,
  count: number,
  g: Generator,
): string[] {
  return todo(
    "sampleNames: context of blockSize zeros; probs = softmax of forward(p, tensor([context])); draw with multinomial and g; slide the context; stop at 0",
  );
}
