/**
 * The loss of the MLP, twice: spelled out as in part 1 (exp, normalise, pick, log, mean),
 * and the way F.cross_entropy computes it: stable for any logits, because the row max is
 * subtracted before exponentiating (softmax is unchanged by it).
 */
import { stack, type Tensor } from "#reference/tensor/index.ts";

/** One example at a time: each row's own loss, then the mean of those. */
function meanOverRows(
  logits: Tensor,
  Y: Tensor,
  rowLoss: (row: Tensor, target: number) => Tensor,
): Tensor {
  const losses = logits.unbind(0).map((row, i) => rowLoss(row, Y.get(i)));
  return stack(losses).mean();
}

export function nllByHand(logits: Tensor, Y: Tensor): Tensor {
  return meanOverRows(logits, Y, (row, target) => {
    const counts = row.exp();
    return counts.select(0, target).div(counts.sum()).log().neg();
  });
}

/** -(logit of the target - max - log Σ exp(logit - max)), for each row alone. */
export function stableCrossEntropy(logits: Tensor, Y: Tensor): Tensor {
  return meanOverRows(logits, Y, (row, target) => {
    const shifted = row.sub(row.max());
    return shifted.exp().sum().log().sub(shifted.select(0, target));
  });
}
