/**
 * The loss at initialisation. Before training, the network knows nothing, so the best it can
 * say is that every character is equally likely: probability 1/vocabSize each, and a loss of
 * -log(1/vocabSize). Random weights of the usual size make confident, wrong predictions
 * instead; scaling the output layer down makes the first logits nearly equal.
 */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { type Generator, randn, zeros } from "#reference/tensor/index.ts";

/** The loss of a network that gives every one of vocabSize characters the same probability. */
export function expectedInitialLoss(vocabSize: number): number {
  return -Math.log(1 / vocabSize);
}

/**
 * The part 2 MLP, drawn from g in the lecture's order (C, W1, b1, W2), with the output layer
 * made unsure: W2 scaled by 0.01 (small, not zero) and b2 zero. Each parameter is a leaf that
 * requires grad: scale first, then ask for the gradient.
 */
export function initMlp(sizes: MlpSizes, g: Generator): MlpParameters {
  const draw = (shape: number[]) => randn(shape, { generator: g });
  return {
    C: draw([sizes.vocabSize, sizes.embedding]).requiresGrad_(),
    W1: draw([sizes.blockSize * sizes.embedding, sizes.hidden]).requiresGrad_(),
    b1: draw([sizes.hidden]).requiresGrad_(),
    W2: draw([sizes.hidden, sizes.vocabSize]).mul(0.02).requiresGrad_(),
    b2: zeros([sizes.vocabSize]).requiresGrad_(),
  };
}
