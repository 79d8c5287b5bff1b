import fc from "fast-check";
import { check, fail, type MistakeId } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { isClose } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import {
  type DeepNetwork,
  deepForward,
  initDeepNetwork,
} from "#reference/makemore/batchnorm-deep.ts";
import * as kit from "#reference/makemore/diagnostics.ts";
import { crossEntropy, Generator, noGrad, randint, type Tensor } from "#reference/tensor/index.ts";

import { scenarioValues } from "../tensor-checks.ts";

type Target = typeof import("#solutions/25-diagnostics/diagnostics.ts");
const learner = loadTarget<Target>("diagnostics.ts", [
  "activationStatistics",
  "gradientStatistics",
  "weightStatistics",
  "updateToDataRatios",
]);
type Name = keyof Target & string;

/** A random deeper network and batch: every size, the gain and the seed drawn. */
const networks = fc.record({
  seed: fc.nat(),
  embedding: fc.integer({ min: 2, max: 8 }),
  hidden: fc.integer({ min: 6, max: 40 }),
  depth: fc.integer({ min: 1, max: 4 }),
  gain: fc.constantFrom(1, 5 / 3, 3),
  batch: fc.integer({ min: 6, max: 40 }),
});
type Network = {
  seed: number;
  embedding: number;
  hidden: number;
  depth: number;
  gain: number;
  batch: number;
};

const gainCode = (gain: number) => (gain === 5 / 3 ? "5 / 3" : String(gain));

/** The scenario: the network built and run once forward and backward, then `call`. */
function code(n: Network, name: Name, call: string): string {
  return `${importLearner(learner, name)}
import { deepForward, initDeepNetwork } from "#reference/makemore/batchnorm-deep.ts";
import { crossEntropy, Generator, randint } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${n.seed});
const sizes = { vocabSize: 27, blockSize: 3, embedding: ${n.embedding}, hidden: ${n.hidden}, depth: ${n.depth} };
const net = initDeepNetwork(sizes, g, ${gainCode(n.gain)});
const X = randint(0, 27, [${n.batch}, 3], { generator: g });
const Y = randint(0, 27, [${n.batch}], { generator: g });
const logits = deepForward(net, X);
for (const layer of net.layers) layer.out?.retainGrad();
crossEntropy(logits, Y).backward();
const stats = ${call};`;
}

/** The grader's own copy of the scenario's network, after the same forward and backward pass. */
function build(n: Network): DeepNetwork {
  const g = new Generator().manualSeed(n.seed);
  const sizes = {
    vocabSize: 27,
    blockSize: 3,
    embedding: n.embedding,
    hidden: n.hidden,
    depth: n.depth,
  };
  const net = initDeepNetwork(sizes, g, n.gain);
  const X = randint(0, 27, [n.batch, 3], { generator: g });
  const Y = randint(0, 27, [n.batch], { generator: g });
  const logits = deepForward(net, X);
  for (const layer of net.layers) layer.out?.retainGrad();
  crossEntropy(logits, Y).backward();
  return net;
}

const close = (a: number, b: number, atol = 1e-7) => isClose(a, b, { rtol: 2e-4, atol });

/** A list of records, one per layer (or parameter), with `key` saying which. */
function expectList(
  got: unknown,
  expectedKeys: number[],
  key: "layer" | "index",
  what: string,
): Record<string, unknown>[] {
  if (!Array.isArray(got))
    fail(
      `\`${what}\` should return an array, one entry per ${key === "layer" ? "Tanh layer" : "weight matrix"}, but it returned ${describeValue(got)}.`,
    );
  const keys = got.map((entry) => (entry as Record<string, unknown> | null)?.[key]);
  if (JSON.stringify(keys) !== JSON.stringify(expectedKeys)) {
    fail(
      key === "layer"
        ? `\`${what}\` should have one entry per Tanh layer, with \`layer\` its index in net.layers: [${expectedKeys.join(", ")}]; yours gives [${keys.map(String).join(", ")}]. The Tanh layers are the ones whose name is "Tanh".`
        : `\`${what}\` should have one entry per weight matrix (a parameter with two dimensions), with \`index\` its position in net.parameters: [${expectedKeys.join(", ")}]; yours gives [${keys.map(String).join(", ")}]. BatchNorm's gain and bias have one dimension, and are left out.`,
    );
  }
  return got as Record<string, unknown>[];
}

function number(entry: Record<string, unknown>, field: string, what: string): number {
  const v = entry[field];
  if (typeof v !== "number" || Number.isNaN(v))
    fail(`\`${what}.${field}\` should be a number (use .item()), but it is ${describeValue(v)}.`);
  return v;
}

/** Fails with `message`, naming `mistake` only when the wrong value is what that mistake gives. */
function mismatch(
  what: string,
  got: number,
  expected: number,
  known: [MistakeId, number, string][],
): never {
  for (const [mistake, value, explanation] of known)
    if (close(got, value, 1e-6) && !close(value, expected, 1e-6)) fail(explanation, { mistake });
  fail(`\`${what}\` is ${formatNumber(got)}; it should be ${formatNumber(expected)}.`);
}

const columnStd = (t: Tensor) => noGrad(() => t.view(-1, t.shape.at(-1)!).std(0).mean().item());

/** The lecture's threshold, activationStatistics' default. */
const defaultThreshold = 0.97;

/** activationStatistics' call in a scenario: the threshold given, or left to its default. */
const activationCall = (threshold: number | undefined) =>
  threshold === undefined
    ? "activationStatistics(net.layers)"
    : `activationStatistics(net.layers, ${threshold})`;

check(
  "activations",
  "activationStatistics: each Tanh layer's mean, std and saturated fraction, on random networks and thresholds (0.97 when none is given)",
  3,
  async () => {
    await learner();
    await property(
      fc.record({ n: networks, threshold: fc.constantFrom(undefined, 0.97, 0.9, 0.99, 0.5) }),
      async ({ n, threshold: given }) => {
        const threshold = given ?? defaultThreshold;
        const net = build(n);
        const tanhs = net.layers.flatMap((layer, i) => (layer.name === "Tanh" ? [i] : []));
        const scenarioCode = (t: number | undefined) =>
          code(n, "activationStatistics", activationCall(t));
        await scenario(learner, scenarioCode(given), async ({ stats }) => {
          const entries = expectList(stats, tanhs, "layer", "activationStatistics(net.layers)");
          for (const [k, entry] of entries.entries()) {
            const i = tanhs[k]!;
            const out = net.layers[i]!.out!;
            const pre = net.layers[i - 1]!.out!;
            const expected = kit.activationStatistics(out, threshold);
            const at = `stats[${k}]`;
            const mean = number(entry, "mean", at);
            if (!close(mean, expected.mean, 1e-6)) mismatch(`${at}.mean`, mean, expected.mean, []);
            const std = number(entry, "std", at);
            if (!close(std, expected.std, 1e-6))
              mismatch(`${at}.std`, std, expected.std, [
                [
                  "std-over-wrong-dim",
                  columnStd(out),
                  `\`${at}.std\` is ${formatNumber(std)}, the mean of the std of each column (each neuron over the batch); the lecture's std is over every element of the layer's output at once, t.std() with no dimension: ${formatNumber(expected.std)}.`,
                ],
              ]);
            const saturated = number(entry, "saturated", at);
            if (close(saturated, expected.saturated, 1e-6)) continue;
            if (given === undefined) {
              // Named only when the same network with 0.97 written out comes out right.
              const explicit = await scenarioValues(learner, scenarioCode(defaultThreshold));
              const again = (explicit["stats"] as Record<string, unknown>[] | undefined)?.[k];
              if (close(Number(again?.["saturated"]), expected.saturated, 1e-6))
                fail(
                  `\`activationStatistics(net.layers)\`, with no threshold, gives ${at}.saturated = ${formatNumber(saturated)}, but with 0.97 written out it gives ${formatNumber(expected.saturated)}, the right fraction: the default threshold is not the lecture's. Leave the parameter as \`threshold = 0.97\`, so that a call without one counts |t| > 0.97.`,
                  { mistake: "threshold-default-wrong" },
                );
            }
            const onPre = kit.activationStatistics(pre, threshold).saturated;
            mismatch(`${at}.saturated`, saturated, expected.saturated, [
              [
                "saturation-of-preactivation",
                onPre,
                `\`${at}.saturated\` is ${formatNumber(saturated)}, the fraction of the pre-activation (the layer before the Tanh) beyond ${threshold}. Saturation is of the tanh's output, layer.out of the Tanh layer itself, where |t| near 1 makes its gradient 1 - t² vanish: ${formatNumber(expected.saturated)}.`,
              ],
              [
                "saturation-as-percent",
                expected.saturated * 100,
                `\`${at}.saturated\` is ${formatNumber(saturated)}, a percentage: return the fraction, from 0 to 1 (${formatNumber(expected.saturated)}); the lecture multiplies by 100 only to print it.`,
              ],
            ]);
          }
        });
      },
      { numRuns: 30 },
    );
  },
);

check(
  "gradients",
  "gradientStatistics: the mean and std of each Tanh layer's output gradient, on random networks",
  2,
  async () => {
    await learner();
    await property(
      networks,
      async (n) => {
        const net = build(n);
        const tanhs = net.layers.flatMap((layer, i) => (layer.name === "Tanh" ? [i] : []));
        await scenario(
          learner,
          code(n, "gradientStatistics", "gradientStatistics(net.layers)"),
          ({ stats }) => {
            const entries = expectList(stats, tanhs, "layer", "gradientStatistics(net.layers)");
            entries.forEach((entry, k) => {
              const grad = net.layers[tanhs[k]!]!.out!.grad!;
              const expected = kit.gradientStatistics(grad);
              const scale = expected.std;
              const at = `stats[${k}]`;
              const mean = number(entry, "mean", at);
              if (!close(mean, expected.mean, scale * 1e-4))
                mismatch(`${at}.mean`, mean, expected.mean, []);
              const std = number(entry, "std", at);
              if (!close(std, expected.std, scale * 1e-4))
                mismatch(`${at}.std`, std, expected.std, [
                  [
                    "std-over-wrong-dim",
                    columnStd(grad),
                    `\`${at}.std\` is ${formatNumber(std)}, the mean of each column's std; take the std over every element of out.grad at once, with no dimension: ${formatNumber(expected.std)}.`,
                  ],
                ]);
            });
          },
        );
      },
      { numRuns: 30 },
    );
  },
);

check(
  "weights",
  "weightStatistics: each weight matrix's gradient mean and std and its grad:data ratio, on random networks",
  2,
  async () => {
    await learner();
    await property(
      networks,
      async (n) => {
        const net = build(n);
        const matrices = net.parameters.flatMap((p, i) => (p.shape.length === 2 ? [i] : []));
        await scenario(
          learner,
          code(n, "weightStatistics", "weightStatistics(net.parameters)"),
          ({ stats }) => {
            const entries = expectList(
              stats,
              matrices,
              "index",
              "weightStatistics(net.parameters)",
            );
            entries.forEach((entry, k) => {
              const p = net.parameters[matrices[k]!]!;
              const expected = kit.weightStatistics(p, p.grad!);
              const at = `stats[${k}]`;
              const mean = number(entry, "mean", at);
              if (!close(mean, expected.mean, expected.std * 1e-4))
                mismatch(`${at}.mean`, mean, expected.mean, []);
              const std = number(entry, "std", at);
              if (!close(std, expected.std, expected.std * 1e-4))
                mismatch(`${at}.std`, std, expected.std, []);
              const ratio = number(entry, "gradToData", at);
              if (!close(ratio, expected.gradToData, 1e-9))
                mismatch(`${at}.gradToData`, ratio, expected.gradToData, [
                  [
                    "grad-data-ratio-inverted",
                    1 / expected.gradToData,
                    `\`${at}.gradToData\` is ${formatNumber(ratio)}, std(data) / std(grad): the ratio upside down. It is the gradient beside the data, std(grad) / std(data): ${formatNumber(expected.gradToData)}.`,
                  ],
                ]);
            });
          },
        );
      },
      { numRuns: 30 },
    );
  },
);

check(
  "update-ratio",
  "updateToDataRatios: log10(std(lr · grad) / std(data)) for every parameter, on random networks and learning rates",
  2,
  async () => {
    await learner();
    await property(
      fc.record({ n: networks, lr: fc.constantFrom(0.1, 0.01, 0.05, 0.3, 0.002) }),
      async ({ n, lr }) => {
        const net = build(n);
        await scenario(
          learner,
          code(n, "updateToDataRatios", `updateToDataRatios(net.parameters, ${lr})`),
          ({ stats }) => {
            if (!Array.isArray(stats) || stats.length !== net.parameters.length)
              fail(
                `\`updateToDataRatios(net.parameters, ${lr})\` should return one number per parameter, ${net.parameters.length} of them, but it returned ${describeValue(stats)}.`,
              );
            stats.forEach((got: unknown, i: number) => {
              const p = net.parameters[i]!;
              const expected = kit.updateToDataRatio(p, p.grad!, lr);
              const what = `stats[${i}]`;
              if (typeof got !== "number" || Number.isNaN(got))
                fail(`\`${what}\` should be a number, but it is ${describeValue(got)}.`);
              if (!close(got, expected, 1e-4)) {
                mismatch(what, got, expected, [
                  [
                    "update-ratio-without-learning-rate",
                    expected - Math.log10(lr),
                    `\`${what}\` is ${formatNumber(got)}, the ratio of the gradient itself to the data. The update a step makes is lr · grad, so multiply by the learning rate (${lr}) first: ${formatNumber(expected)}.`,
                  ],
                  [
                    "update-ratio-without-log",
                    10 ** expected,
                    `\`${what}\` is ${formatNumber(got)}, the ratio itself; the lecture plots its log10 (so that 1e-3 is the line at -3): ${formatNumber(expected)}.`,
                  ],
                ]);
              }
            });
          },
        );
      },
      { numRuns: 30 },
    );
  },
);
