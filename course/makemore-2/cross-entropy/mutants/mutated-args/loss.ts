/**
 * The loss of the MLP, twice: spelled out as in part 1 (exp, normalise, pick, log, mean),
 * and the way F.cross_entropy computes it: stable for any logits, because the row max is
 * subtracted before exponentiating (softmax is unchanged by it).
 */
import { arange, type Tensor } from "#reference/tensor/index.ts";

export function nllByHand(logits: Tensor, Y: Tensor): Tensor {
  const counts = logits.exp();
  const probs = counts.div(counts.sum(1, true));
  return probs.index(arange(Y.numel()), Y).log().mean().neg();
}

/** -mean(logit of the target - max - log Σ exp(logit - max)), row by row. */
export function stableCrossEntropy(logits: Tensor, Y: Tensor): Tensor {
  // Shifts the caller's logits in place: afterwards each row's max is 0.
  const shifted = logits.sub_(logits.max(1, true).values);
  const logSumExp = shifted.exp().sum(1, true).log();
  const logProbs = shifted.sub(logSumExp);
  return logProbs.index(arange(Y.numel()), Y).mean().neg();
}
