/**
 * From counts to probabilities, and from probabilities to new names.
 */
import { Generator, multinomial, type Tensor } from "#reference/tensor/index.ts";

/**
 * P[i] = (N[i] + smoothing) / sum of that row. keepdim keeps the row sums as a column
 * ([V, 1]), so that broadcasting divides each row by its own sum.
 */
export function probabilities(N: Tensor, smoothing: number): Tensor {
  // Smooths the caller's counts in place: N is one larger everywhere afterwards.
  const P = N.add_(smoothing).float();
  return P.div(P.sum(1, true));
}

/** `count` names, each drawn one character at a time from P until "." comes up again. */
export function sampleNames(
  P: Tensor,
  itos: readonly string[],
  count: number,
  seed: number,
): string[] {
  const g = new Generator().manualSeed(seed);
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    let name = "";
    let ix = 0;
    while (true) {
      ix = multinomial(P.index(ix), 1, { replacement: true, generator: g }).item();
      name += itos[ix];
      if (ix === 0) break;
    }
    names.push(name);
  }
  return names;
}
