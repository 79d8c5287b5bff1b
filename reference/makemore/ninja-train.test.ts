import { describe, expect, it } from "vitest";
import { Generator, noGrad, randint, type Tensor, tensor } from "../tensor/index.ts";
import { manualBackward, sgdUpdate } from "./ninja-backward.ts";
import { initNinja, ninjaSizes, ninjaTrainingSizes } from "./ninja-model.ts";
import {
  autogradGradients,
  calibrateBatchNorm,
  gradientMaxDiffs,
  ninjaForward,
  ninjaParameterNames,
  ninjaSplitLoss,
  trainNinja,
  trainNinjaWithAutograd,
} from "./ninja-train.ts";

/**
 * Contexts drawn at random, each followed by its own last character, so there is something to
 * learn: the gradients' algebra does not need real names.
 */
function dataset(seed: number, count: number): { X: Tensor; Y: Tensor } {
  const X = randint(0, 27, [count, 3], { generator: new Generator().manualSeed(seed) });
  return { X, Y: tensor(Array.from({ length: count }, (_, i) => X.get(i, 2))) };
}

const model = (sizes: typeof ninjaSizes, seed: number) =>
  initNinja(sizes, new Generator().manualSeed(seed), new Generator().manualSeed(seed + 1));

describe("the manual backward of the backprop lecture's exercise 4", () => {
  it("gives autograd's gradients on a seeded batch, every one the shape of its parameter (maxdiff under 1e-6)", () => {
    for (const [sizes, seed] of [
      [ninjaSizes, 2147483647],
      [ninjaTrainingSizes, 42],
    ] as const) {
      const p = model(sizes, seed);
      const { X, Y } = dataset(seed, 32);
      const manual = noGrad(() => manualBackward(p, ninjaForward(p, X, Y), X, Y));
      const expected = autogradGradients(p, X, Y);
      for (const name of ninjaParameterNames)
        expect(manual[name].shape, name).toEqual(expected[name].shape);
      const diffs = gradientMaxDiffs(manual, expected);
      for (const name of ninjaParameterNames) expect(diffs[name], name).toBeLessThan(1e-6);
    }
  });

  it("trains as autograd does: 60 steps under no-grad land on autograd's losses", async () => {
    const { X, Y } = dataset(7, 500);
    const manual = await trainNinja(model(ninjaSizes, 3), X, Y, new Generator().manualSeed(9), {
      steps: 60,
      learningRate: (step, steps) => (step < steps / 2 ? 0.1 : 0.01),
      backward: manualBackward,
      update: sgdUpdate,
    });
    const auto = await trainNinjaWithAutograd(
      model(ninjaSizes, 3),
      X,
      Y,
      new Generator().manualSeed(9),
      { steps: 60, learningRate: (step, steps) => (step < steps / 2 ? 0.1 : 0.01) },
    );
    expect(manual).toHaveLength(60);
    manual.forEach((loss, i) => {
      expect(Math.abs(loss - auto[i]!), `step ${i}`).toBeLessThan(1e-4);
    });
    // And it learns: the last losses are well under the first.
    expect(manual.slice(-10).reduce((a, b) => a + b) / 10).toBeLessThan(manual[0]! - 0.3);
  });

  it("evaluates with the calibrated statistics: on the batch it calibrated on, the training forward's loss", () => {
    const p = model(ninjaSizes, 5);
    const { X, Y } = dataset(5, 64);
    const stats = calibrateBatchNorm(p, X);
    const expected = noGrad(() => ninjaForward(p, X, Y).loss.item());
    expect(ninjaSplitLoss(p, stats, X, Y)).toBeCloseTo(expected, 5);
  });
});
