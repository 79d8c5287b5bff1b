/**
 * The MLP of makemore part 2 (after Bengio et al. 2003): its parameters, in the lecture's order
 * and sizes, and its forward pass. Training, the split and sampling are in mlp.ts.
 */
import { crossEntropy, type Generator, randn, type Tensor } from "../tensor/index.ts";

export interface MlpSizes {
  readonly vocabSize: number;
  readonly blockSize: number;
  readonly embedding: number;
  readonly hidden: number;
}

export const lectureSizes: MlpSizes = { vocabSize: 27, blockSize: 3, embedding: 10, hidden: 200 };

export interface MlpParameters {
  readonly C: Tensor;
  readonly W1: Tensor;
  readonly b1: Tensor;
  readonly W2: Tensor;
  readonly b2: Tensor;
}

/** The parameters in the lecture's order, all from one generator: C, W1, b1, W2, b2. */
export function initMlp(sizes: MlpSizes, g: Generator): MlpParameters {
  const options = { generator: g, requiresGrad: true };
  return {
    C: randn([sizes.vocabSize, sizes.embedding], options),
    W1: randn([sizes.blockSize * sizes.embedding, sizes.hidden], options),
    b1: randn([sizes.hidden], options),
    W2: randn([sizes.hidden, sizes.vocabSize], options),
    b2: randn([sizes.vocabSize], options),
  };
}

export function parameterList(p: MlpParameters): Tensor[] {
  return [p.C, p.W1, p.b1, p.W2, p.b2];
}

/** The logits for a batch of contexts X (shape [n, blockSize]). */
export function mlpLogits(p: MlpParameters, X: Tensor): Tensor {
  const emb = p.C.index(X); // [n, blockSize, embedding]
  const h = emb.view(-1, p.W1.shape[0]!).matmul(p.W1).add(p.b1).tanh(); // [n, hidden]
  return h.matmul(p.W2).add(p.b2); // [n, vocabSize]
}

export function mlpLoss(p: MlpParameters, X: Tensor, Y: Tensor): Tensor {
  return crossEntropy(mlpLogits(p, X), Y);
}
