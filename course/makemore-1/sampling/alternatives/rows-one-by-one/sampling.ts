/**
 * From counts to probabilities, and from probabilities to new names.
 */
import { Generator, multinomial, stack, type Tensor } from "#reference/tensor/index.ts";

/** Each row on its own: its counts plus the smoothing, divided by their own sum. */
export function probabilities(N: Tensor, smoothing: number): Tensor {
  const rows = N.unbind(0).map((row) => {
    const counts = row.add(smoothing).float();
    return counts.div(counts.sum());
  });
  return stack(rows, 0);
}

/** `count` names, each drawn one character at a time from P until "." comes up again. */
export function sampleNames(
  P: Tensor,
  itos: readonly string[],
  count: number,
  seed: number,
): string[] {
  const g = new Generator().manualSeed(seed);
  const drawName = (): string => {
    let name = "";
    let row = P.select(0, 0);
    for (;;) {
      const ix = multinomial(row, 1, { replacement: true, generator: g }).get(0);
      name += itos[ix];
      if (ix === 0) return name;
      row = P.select(0, ix);
    }
  };
  return Array.from({ length: count }, drawName);
}
