/**
 * Making more: start from a window of dots, ask the network for the distribution of the next
 * character, draw one, slide the window, and repeat until the network says ".".
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import { type Generator, multinomial, noGrad, tensor } from "#reference/tensor/index.ts";

/** `count` names drawn from the network with generator g. */
export function sampleNames(
  p: Parameters,
  itos: readonly string[],
  blockSize: number,
  count: number,
  g: Generator,
): string[] {
  // The rest of a name, given its window: one character, then the rest from the slid window.
  const rest = (context: readonly number[]): string => {
    const probs = forward(p, tensor([[...context]])).softmax(1);
    const ix = multinomial(probs, 1, { replacement: true, generator: g }).item();
    return ix === 0 ? itos[0]! : itos[ix]! + rest([...context.slice(1), ix]);
  };
  const start: number[] = Array.from({ length: blockSize }, () => 0);
  // Array.from calls in order, so the names are drawn one after another from g.
  return noGrad(() => Array.from({ length: count }, () => rest(start)));
}
