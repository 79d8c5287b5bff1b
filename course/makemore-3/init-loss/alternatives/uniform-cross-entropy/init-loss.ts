/** The uniform loss as a cross-entropy summed out; W2 divided by 100; leaves made by a helper. */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { type Generator, randn, type Tensor, zerosLike } from "#reference/tensor/index.ts";

/** -Σ q log q over the V classes with q = 1/V: the cross-entropy of the uniform guess. */
export function expectedInitialLoss(vocabSize: number): number {
  const q = 1 / vocabSize;
  let loss = 0;
  for (let k = 0; k < vocabSize; k++) loss -= q * Math.log(q);
  return loss;
}

const leaf = (t: Tensor): Tensor => t.requiresGrad_();

export function initMlp(sizes: MlpSizes, g: Generator): MlpParameters {
  const draw = (...shape: number[]) => randn(shape, { generator: g });
  const C = draw(sizes.vocabSize, sizes.embedding);
  const W1 = draw(sizes.blockSize * sizes.embedding, sizes.hidden);
  const b1 = draw(sizes.hidden);
  // A hundred times smaller: unsure, but not zero, so that W2 still gets a gradient.
  const W2 = draw(sizes.hidden, sizes.vocabSize).div(100);
  const b2 = zerosLike(W2.select(0, 0));
  return { C: leaf(C), W1: leaf(W1), b1: leaf(b1), W2: leaf(W2), b2: leaf(b2) };
}
