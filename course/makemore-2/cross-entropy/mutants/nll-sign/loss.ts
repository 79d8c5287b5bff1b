/**
 * The loss of the MLP, twice: spelled out as in part 1 (exp, normalise, pick, log, mean),
 * and the way F.cross_entropy computes it: stable for any logits, because the row max is
 * subtracted before exponentiating (softmax is unchanged by it).
 */
import { arange, type Tensor } from "#reference/tensor/index.ts";

export function nllByHand(logits: Tensor, Y: Tensor): Tensor {
  const counts = logits.exp();
  const probs = counts.div(counts.sum(1, true));
  // The mean log-probability of the right classes, without its minus sign.
  return probs.index(arange(Y.numel()), Y).log().mean();
}

/** -mean(logit of the target - max - log Σ exp(logit - max)), row by row. */
export function stableCrossEntropy(logits: Tensor, Y: Tensor): Tensor {
  const shifted = logits.sub(logits.max(1, true).values);
  const logSumExp = shifted.exp().sum(1, true).log();
  const logProbs = shifted.sub(logSumExp);
  return logProbs.index(arange(Y.numel()), Y).mean().neg();
}
