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
  const logP = P.log(); // log 0 is -Infinity: an unseen pair makes the loss infinite, as it should
  const boundary = stoi.get(".")!;
  let nll = 0;
  let n = 0;
  for (const word of words) {
    let previous = boundary;
    for (const ch of `${word}.`) {
      const next = stoi.get(ch)!;
      nll -= logP.get(previous, next);
      n++;
      previous = next;
    }
  }
  return nll / n;
}

export function perplexity(averageNll: number): number {
  return Math.exp(averageNll);
}
