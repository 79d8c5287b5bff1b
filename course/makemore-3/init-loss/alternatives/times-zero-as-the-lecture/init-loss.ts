/** The lecture's lines, one per parameter; requires_grad switched on afterwards, as it does. */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { type Generator, randn } from "#reference/tensor/index.ts";

export function expectedInitialLoss(vocabSize: number): number {
  const uniform = 1 / vocabSize;
  return -Math.log(uniform);
}

export function initMlp(sizes: MlpSizes, g: Generator): MlpParameters {
  const C = randn([sizes.vocabSize, sizes.embedding], { generator: g });
  const W1 = randn([sizes.blockSize * sizes.embedding, sizes.hidden], { generator: g });
  const b1 = randn([sizes.hidden], { generator: g });
  const W2 = randn([sizes.hidden, sizes.vocabSize], { generator: g }).mul(0.01);
  const b2 = randn([sizes.vocabSize], { generator: g }).mul(0);
  for (const p of [C, W1, b1, W2, b2]) p.requiresGrad_();
  return { C, W1, b1, W2, b2 };
}
