/** makemore part 3 (BatchNorm): the reference's parameters, initialisation, modes and diagnostics. */
import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  deepForward,
  deepSizes,
  deepTrainingStep,
  initDeepNetwork,
} from "#reference/makemore/batchnorm-deep.ts";
import {
  batchNormForward,
  batchNormLoss,
  batchNormParameterList,
  batchNormSizes,
  initBatchNormMlp,
} from "#reference/makemore/batchnorm-model.ts";
import {
  batchNormSplitLoss,
  SPLIT_ROWS,
  trainBatchNormMlp,
} from "#reference/makemore/batchnorm-train.ts";
import { vocabulary } from "#reference/makemore/bigram.ts";
import { loadWords, namesPath } from "#reference/makemore/data.ts";
import {
  activationStatistics,
  histogram,
  updateToDataRatio,
  weightStatistics,
} from "#reference/makemore/diagnostics.ts";
import { buildDataset, splitWords } from "#reference/makemore/mlp.ts";
import { crossEntropy, Generator, noGrad, randint, tensor } from "#reference/tensor/index.ts";

const seed = 2147483647;

test("the BatchNorm MLP has 12,097 parameters: C, W1, W2, b2, bngain, bnbias (no b1)", () => {
  const { p } = initBatchNormMlp(batchNormSizes, new Generator().manualSeed(seed));
  const shapes = batchNormParameterList(p).map((t) => t.shape);
  expect(shapes).toEqual([[27, 10], [30, 200], [200, 27], [27], [1, 200], [1, 200]]);
  expect(batchNormParameterList(p).reduce((n, t) => n + t.numel(), 0)).toBe(12_097);
});

test("the deeper network has 47,024 parameters, its last gain scaled to 0.1", () => {
  const net = initDeepNetwork(deepSizes, new Generator().manualSeed(seed));
  expect(net.parameters.reduce((n, t) => n + t.numel(), 0)).toBe(47_024);
  expect(net.layers.map((l) => l.name).join(" ")).toBe(
    `${"Linear BatchNorm1d Tanh ".repeat(5)}Linear BatchNorm1d`,
  );
  expect(net.parameters.at(-2)!.tolist()).toEqual(new Array(27).fill(Math.fround(0.1)));
});

test("with the fixed initialisation the loss at initialisation is near -log(1/27) = 3.2958", () => {
  const g = new Generator().manualSeed(seed);
  const model = initBatchNormMlp(batchNormSizes, g);
  const X = randint(0, 27, [256, 3], { generator: g });
  const Y = randint(0, 27, [256], { generator: g });
  expect(Math.log(27)).toBeCloseTo(3.2958, 4);
  expect(Math.abs(batchNormLoss(model, X, Y, "train").item() - Math.log(27))).toBeLessThan(0.02);
  const net = initDeepNetwork(deepSizes, g);
  const loss = crossEntropy(deepForward(net, X), Y).item();
  expect(Math.abs(loss - Math.log(27))).toBeLessThan(0.05);
});

test("training moves the running statistics 0.001 towards the batch's; evaluation uses them", () => {
  const g = new Generator().manualSeed(7);
  const model = initBatchNormMlp({ ...batchNormSizes, hidden: 8 }, g);
  const X = randint(0, 27, [16, 3], { generator: g });
  const linear = model.p.C.index(X).view(16, -1).matmul(model.p.W1);
  batchNormForward(model, X, "train");
  const expectedMean = linear.mean(0, true).mul(0.001).tolist() as number[][];
  const runningMean = model.running.bnmeanRunning.tolist() as number[][];
  for (const [j, m] of runningMean[0]!.entries()) expect(m).toBeCloseTo(expectedMean[0]![j]!, 6);
  expect(model.running.bnmeanRunning.requiresGrad).toBe(false);
  // In evaluation one row's output does not depend on the rest of its batch.
  const alone = batchNormForward(model, X.index(tensor([0])), "eval").logits.tolist() as number[][];
  const inBatch = batchNormForward(model, X, "eval").logits.tolist() as number[][];
  for (const [j, v] of alone[0]!.entries()) expect(v).toBeCloseTo(inBatch[0]![j]!, 5);
});

test("a split's loss taken in pieces of SPLIT_ROWS rows is the loss taken whole, to the bit", () => {
  const g = new Generator().manualSeed(11);
  const model = initBatchNormMlp(batchNormSizes, g);
  // Running statistics away from 0 and 1, as after training.
  batchNormForward(model, randint(0, 27, [64, 3], { generator: g }), "train");
  model.running.bnmeanRunning.mul_(400);
  model.running.bnstdRunning.mul_(0.5);
  const rows = 2 * SPLIT_ROWS + 7; // two whole pieces and a short one
  const X = randint(0, 27, [rows, 3], { generator: g });
  const Y = randint(0, 27, [rows], { generator: g });
  const whole = noGrad(() => batchNormLoss(model, X, Y, "eval").item());
  expect(batchNormSplitLoss(model, X, Y)).toBe(whole);
});

test("the diagnostics: saturation of the output, grad:data, the update ratio with lr and log10", () => {
  const t = tensor([0.5, -0.98, 0.99, 0.2, -0.1, 0.975, 0.3, 0.0]);
  const stats = activationStatistics(t);
  expect(stats.saturated).toBeCloseTo(3 / 8, 6);
  expect(stats.mean).toBeCloseTo(t.mean().item(), 6);
  const data = tensor([1, -1, 2, -2]);
  const grad = tensor([0.01, -0.01, 0.02, -0.02]);
  expect(weightStatistics(data, grad).gradToData).toBeCloseTo(0.01, 6);
  expect(updateToDataRatio(data, grad, 0.1)).toBeCloseTo(-3, 5);
  const h = histogram(tensor([0, 0.25, 0.5, 0.75, 1]), 4);
  expect(h.edges).toEqual([0, 0.25, 0.5, 0.75]);
  // density integrates to 1: sum(density) · width
  expect(h.density.reduce((a, b) => a + b, 0) * 0.25).toBeCloseTo(1, 6);
});

describe.skipIf(!existsSync(namesPath()))("the lecture's numbers on names.txt", () => {
  const words = existsSync(namesPath()) ? loadWords() : [];
  const { stoi } = vocabulary(words);
  const train = buildDataset(splitWords(words, 42).train, stoi, 3);

  test("the BatchNorm MLP's first printed loss is the notebook's, 3.3239", async () => {
    const g = new Generator().manualSeed(seed);
    const model = initBatchNormMlp(batchNormSizes, g);
    const losses = await trainBatchNormMlp(model, train.X, train.Y, g, { steps: 1 });
    expect(losses[0]!.toFixed(4)).toBe("3.3239");
  });

  test("the deeper network's first loss is the notebook's, 3.2870, and its update ratios are finite", () => {
    const g = new Generator().manualSeed(seed);
    const net = initDeepNetwork(deepSizes, g);
    const step = deepTrainingStep(net, train.X, train.Y, g, 0.1);
    expect(step.loss.toFixed(4)).toBe("3.2870");
    expect(step.updateRatios).toHaveLength(net.parameters.length);
    for (const r of step.updateRatios) expect(Number.isFinite(r)).toBe(true);
  });
});
