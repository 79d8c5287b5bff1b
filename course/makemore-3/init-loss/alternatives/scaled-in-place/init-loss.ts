/** The same initialisation, scaled in place after the draws (outside the graph, under noGrad). */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { type Generator, noGrad, randn } from "#reference/tensor/index.ts";

export function expectedInitialLoss(vocabSize: number): number {
  return Math.log(vocabSize);
}

export function initMlp(sizes: MlpSizes, g: Generator): MlpParameters {
  const options = { generator: g, requiresGrad: true };
  const p = {
    C: randn([sizes.vocabSize, sizes.embedding], options),
    W1: randn([sizes.blockSize * sizes.embedding, sizes.hidden], options),
    b1: randn([sizes.hidden], options),
    W2: randn([sizes.hidden, sizes.vocabSize], options),
    b2: randn([sizes.vocabSize], options),
  };
  noGrad(() => {
    p.W2.mul_(0.01);
    p.b2.zero_();
  });
  return p;
}
