/** makemore part 1: the lecture's numbers, reproduced by the reference and the solutions on names.txt. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import * as reference from "#reference/makemore/bigram.ts";
import { defaultDataDir, loadWords } from "#reference/makemore/data.ts";
import { Generator, multinomial, randn, tensor } from "#reference/tensor/index.ts";
import { countBigrams } from "#solutions/08-bigram-counts/counts.ts";
import { probabilities, sampleNames } from "#solutions/09-sampling/sampling.ts";
import { averageNll } from "#solutions/10-likelihood/likelihood.ts";
import { bigramLoss } from "#solutions/12-neural-bigram/neural.ts";

const path = process.env["GRADLINGS_NAMES"] ?? join(defaultDataDir, "names.txt");

describe.skipIf(!existsSync(path))("the lecture's numbers on names.txt", () => {
  const words = existsSync(path) ? loadWords(path) : [];
  const { stoi, itos } = reference.vocabulary(words);
  const implementations = [
    [
      "reference",
      reference.countBigrams,
      reference.probabilities,
      reference.sampleNames,
      reference.averageNll,
    ],
    ["solutions", countBigrams, probabilities, sampleNames, averageNll],
  ] as const;

  describe.each(implementations)("%s", (_name, count, normalise, sample, nll) => {
    const N = count(words, stoi);
    test("row 0 of N normalised begins 0.0000, 0.1377, 0.0408, 0.0481; one draw with seed 2147483647 is m", () => {
      const p = N.index(0).float();
      const row = p.div(p.sum());
      expect([0, 1, 2, 3].map((i) => row.get(i).toFixed(4))).toEqual([
        "0.0000",
        "0.1377",
        "0.0408",
        "0.0481",
      ]);
      const g = new Generator().manualSeed(2147483647);
      expect(itos[multinomial(row, 1, { replacement: true, generator: g }).item()]).toBe("m");
    });
    test("P = (N + 1) normalised, seed 2147483647: mor., axx., minaymoryles., kondlaisah., anchshizarie.", () => {
      expect(sample(normalise(N, 1), itos, 5, 2147483647)).toEqual([
        "mor.",
        "axx.",
        "minaymoryles.",
        "kondlaisah.",
        "anchshizarie.",
      ]);
    });
    test("average NLL 2.4540 without smoothing, 2.4546 with add-one", () => {
      expect(Math.abs(nll(normalise(N, 0), words, stoi) - 2.454)).toBeLessThan(0.0005);
      expect(Math.abs(nll(normalise(N, 1), words, stoi) - 2.4546)).toBeLessThan(0.0005);
    });
  });

  test("neural bigram, seed 2147483647: 3.7693 on emma; 3.7686 on all names at the first step (λ = 0.01)", () => {
    const W = randn([27, 27], {
      generator: new Generator().manualSeed(2147483647),
      requiresGrad: true,
    });
    expect(
      bigramLoss(W, tensor([0, 5, 13, 13, 1]), tensor([5, 13, 13, 1, 0]), 0).item(),
    ).toBeCloseTo(3.7693, 4);
    const { xs, ys } = reference.encodeBigrams(words, stoi);
    const first = reference.trainNeuralBigram(xs, ys, 27, {
      steps: 1,
      learningRate: 50,
      regularization: 0.01,
    }).losses[0]!;
    expect(first).toBeCloseTo(3.7686, 4);
  });
});
