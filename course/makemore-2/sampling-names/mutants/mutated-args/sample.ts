/**
 * Making more: start from a window of dots, ask the network for the distribution of the next
 * character, draw one, slide the window, and repeat until the network says ".".
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import { type Generator, multinomial, tensor } from "#reference/tensor/index.ts";

/** `count` names drawn from the network with generator g. */
export function sampleNames(
  p: Parameters,
  itos: readonly string[],
  blockSize: number,
  count: number,
  g: Generator,
): string[] {
  // No gradients while sampling: switched off on the caller's parameters instead of noGrad.
  for (const t of Object.values(p)) t.requiresGrad_(false);
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    let context: number[] = new Array(blockSize).fill(0);
    let name = "";
    while (true) {
      const probs = forward(p, tensor([context])).softmax(1);
      const ix = multinomial(probs, 1, { replacement: true, generator: g }).item();
      context = [...context.slice(1), ix];
      name += itos[ix];
      if (ix === 0) break;
    }
    names.push(name);
  }
  return names;
}
