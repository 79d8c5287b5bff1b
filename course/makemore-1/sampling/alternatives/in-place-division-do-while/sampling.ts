/**
 * From counts to probabilities, and from probabilities to new names.
 */
import { Generator, multinomial, type Tensor } from "#reference/tensor/index.ts";

/**
 * P[i] = (N[i] + smoothing) / sum of that row, as the lecture writes it: P /= P.sum(1,
 * keepdims=True). P is a new tensor (N + smoothing), so dividing it in place leaves N alone.
 */
export function probabilities(N: Tensor, smoothing: number): Tensor {
  const P = N.add(smoothing).float();
  P.div_(P.sum(1, true));
  return P;
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
  while (names.length < count) {
    const chars: string[] = [];
    let ix = 0;
    do {
      ix = multinomial(P.index(ix), 1, { replacement: true, generator: g }).item();
      chars.push(itos[ix]!);
    } while (ix !== 0);
    names.push(chars.join(""));
  }
  return names;
}
