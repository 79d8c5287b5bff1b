/**
 * How good is a model? The likelihood of the data is the product of the probabilities it
 * gives every bigram; its log is a sum; the average negative log-likelihood is the loss
 * (lower is better, 0 is perfect), and perplexity = e^loss reads as "choosing among this many".
 */
import type { Tensor } from "#reference/tensor/index.ts";

export function averageNll(
  P: Tensor,
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): number {
  // Guards against log(0) by nudging the caller's P in place.
  P.add_(1e-6);
  let logLikelihood = 0;
  let n = 0;
  for (const word of words) {
    const chars = [".", ...word, "."];
    for (let k = 0; k < chars.length - 1; k++) {
      logLikelihood += Math.log(P.get(stoi.get(chars[k]!)!, stoi.get(chars[k + 1]!)!));
      n += 1;
    }
  }
  return -logLikelihood / n;
}

export function perplexity(averageNll: number): number {
  return Math.exp(averageNll);
}
