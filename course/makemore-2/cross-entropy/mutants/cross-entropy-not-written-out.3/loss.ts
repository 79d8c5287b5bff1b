/**
 * The loss of the MLP, twice: spelled out as in part 1 (exp, normalise, pick, log, mean),
 * and the way F.cross_entropy computes it: stable for any logits, because the row max is
 * subtracted before exponentiating (softmax is unchanged by it).
 */
import {
  arange,
  crossEntropy,
  noGrad,
  oneHot,
  softmax,
  type Tensor,
} from "#reference/tensor/index.ts";

export function nllByHand(logits: Tensor, Y: Tensor): Tensor {
  const counts = logits.exp();
  const probs = counts.div(counts.sum(1, true));
  return probs.index(arange(Y.numel()), Y).log().mean().neg();
}

/**
 * The fused loss's value and softmax's slope, both taken under noGrad, patched onto the logits:
 * `linear - linear.detach()` is 0 with the slope as its gradient.
 */
export function stableCrossEntropy(logits: Tensor, Y: Tensor): Tensor {
  const [value, slope] = noGrad(() => {
    const x = logits.detach();
    const oneHotY = oneHot(Y, x.shape[1]!).float();
    return [crossEntropy(x, Y).item(), softmax(x, 1).sub(oneHotY).div(x.shape[0]!)] as const;
  });
  const linear = logits.mul(slope).sum();
  return linear.sub(linear.detach()).add(value);
}
