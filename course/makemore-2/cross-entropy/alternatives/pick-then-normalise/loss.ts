/**
 * The loss of the MLP, twice: spelled out as in part 1 (exp, normalise, pick, log, mean),
 * and the way F.cross_entropy computes it: stable for any logits, because the row max is
 * subtracted before exponentiating (softmax is unchanged by it).
 */
import { arange, type Tensor } from "#reference/tensor/index.ts";

/** Only the targets' probabilities are needed: pick their counts, then divide by the row sums. */
export function nllByHand(logits: Tensor, Y: Tensor): Tensor {
  const counts = logits.exp();
  const picked = counts.index(arange(Y.numel()), Y); // [n]
  const rowSums = counts.sum(1); // [n]: one per row, lined up with picked
  return picked.div(rowSums).log().mean().neg();
}

/** Σ over rows of (log Σ exp(logit - max) - (target's logit - max)), over n. */
export function stableCrossEntropy(logits: Tensor, Y: Tensor): Tensor {
  const n = Y.numel();
  const maxes = logits.max(1).values; // [n]
  const logSumExp = logits.sub(maxes.view(n, 1)).exp().sum(1).log(); // [n]
  const targetShifted = logits.index(arange(n), Y).sub(maxes); // [n]
  return logSumExp.sub(targetShifted).sum().div(n);
}
