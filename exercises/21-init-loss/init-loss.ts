/**
 * The loss at initialisation, and an output layer that is not over-confident.
 * Read README.md in this folder first.
 */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { type Generator, randn, zeros } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** The loss of a network that gives every one of vocabSize characters the same probability. */
export function expectedInitialLoss(vocabSize: number): number {
  return todo(
    "expectedInitialLoss: each character has probability 1 / vocabSize; the loss is -log of it",
  );
}

/**
 * The part 2 MLP, drawn from g in the lecture's order (C, W1, b1, W2), with an output layer
 * that starts out unsure: W2 small (× 0.01) but not zero, b2 zero. Every parameter a leaf
 * that requires grad.
 */
export function initMlp(sizes: MlpSizes, g: Generator): MlpParameters {
  return todo(
    "initMlp: C, W1, b1 = randn(shape, { generator: g }); W2 = randn(...).mul(0.01); b2 = zeros; each .requiresGrad_()",
  );
}
