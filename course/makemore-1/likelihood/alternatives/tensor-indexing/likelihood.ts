/**
 * How good is a model? The likelihood of the data is the product of the probabilities it
 * gives every bigram; its log is a sum; the average negative log-likelihood is the loss
 * (lower is better, 0 is perfect), and perplexity = e^loss reads as "choosing among this many".
 */

import { type Tensor, tensor } from "#reference/tensor/index.ts";

export function averageNll(
  P: Tensor,
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const word of words) {
    const ids = [0, ...[...word].map((ch) => stoi.get(ch)!), 0];
    for (let k = 1; k < ids.length; k++) {
      xs.push(ids[k - 1]!);
      ys.push(ids[k]!);
    }
  }
  // float64, so that the mean is as exact as a sum of numbers.
  return -P.double().index(tensor(xs), tensor(ys)).log().mean().item();
}

export function perplexity(averageNll: number): number {
  return Math.E ** averageNll;
}
