/**
 * Making more: start from a window of dots, ask the network for the distribution of the next
 * character, draw one, slide the window, and repeat until the network says ".".
 */

import {
  mlpLogits as forward,
  type MlpParameters as Parameters,
} from "#reference/makemore/model.ts";
import {
  cat,
  type Generator,
  multinomial,
  noGrad,
  softmax,
  type Tensor,
  zeros,
} from "#reference/tensor/index.ts";

/** One name: the window stays a [1, blockSize] tensor, slid by dropping its first column. */
function sampleName(
  p: Parameters,
  itos: readonly string[],
  blockSize: number,
  g: Generator,
): string {
  let context: Tensor = zeros([1, blockSize], { dtype: "int64" });
  const characters: string[] = [];
  let ix = -1;
  while (ix !== 0) {
    const drawn = multinomial(softmax(forward(p, context), 1), 1, {
      replacement: true,
      generator: g,
    }); // [1, 1]
    ix = drawn.item();
    characters.push(itos[ix]!);
    context = cat([context.narrow(1, 1, blockSize - 1), drawn], 1);
  }
  return characters.join("");
}

/** `count` names drawn from the network with generator g. */
export function sampleNames(
  p: Parameters,
  itos: readonly string[],
  blockSize: number,
  count: number,
  g: Generator,
): string[] {
  return noGrad(() => {
    const names: string[] = [];
    while (names.length < count) names.push(sampleName(p, itos, blockSize, g));
    return names;
  });
}
