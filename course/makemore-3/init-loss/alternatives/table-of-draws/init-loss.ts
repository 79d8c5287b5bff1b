/** The initialisation as a table of draws, each with its scale, made into leaves in order. */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { type Generator, randn, type Tensor, zeros } from "#reference/tensor/index.ts";

type Drawn = "C" | "W1" | "b1" | "W2";

/** Each of vocabSize characters with probability 1/vocabSize: -log(1/V) = log V. */
export function expectedInitialLoss(vocabSize: number): number {
  return Math.log(vocabSize);
}

export function initMlp(sizes: MlpSizes, g: Generator): MlpParameters {
  const { vocabSize: V, blockSize: B, embedding: E, hidden: H } = sizes;
  // The lecture's order of draws; only W2 is scaled, and b2 is not drawn at all.
  const draws: readonly [Drawn, number[], number][] = [
    ["C", [V, E], 1],
    ["W1", [B * E, H], 1],
    ["b1", [H], 1],
    ["W2", [H, V], 0.01],
  ];
  const made = new Map<Drawn, Tensor>();
  for (const [name, shape, scale] of draws) {
    const drawn = randn(shape, { generator: g });
    made.set(name, (scale === 1 ? drawn : drawn.mul(scale)).requiresGrad_());
  }
  const [C, W1, b1, W2] = (["C", "W1", "b1", "W2"] as const).map((name) => made.get(name)!);
  return { C: C!, W1: W1!, b1: b1!, W2: W2!, b2: zeros([V], { requiresGrad: true }) };
}
