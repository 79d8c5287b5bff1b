import fc from "fast-check";
import { check, fail, type MistakeId } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { Generator, nn, noGrad, rand, randn, Tensor } from "#reference/tensor/index.ts";

import { firstDifference, same, scenarioValues } from "../tensor-checks.ts";

type Target = typeof import("#solutions/27-fold-batchnorm/fold.ts");
const learner = loadTarget<Target>("fold.ts", ["foldBatchNorm"]);

function expectTensor(got: unknown, what: string, shape: readonly number[]): Tensor {
  if (!(got instanceof Tensor))
    fail(`\`${what}\` should be a Tensor, but it is ${describeValue(got)}.`);
  if (got.numel() !== shape.reduce((a, b) => a * b, 1) || got.shape.at(-1) !== shape.at(-1))
    fail(
      `\`${what}\` should have shape [${shape.join(", ")}], but it has [${got.shape.join(", ")}].`,
    );
  return got;
}

/** Large eps values too, so that eps left out, or added outside the root, shows. */
const epsilons = [1e-5, 1e-3, 0.1, 0.5, 1] as const;

interface PairCase {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly bias: boolean;
  readonly eps: number;
  /** The BatchNorm's mode when it is folded: a fold reads its running statistics either way. */
  readonly training: boolean;
  readonly seed: number;
}

const pairCases: fc.Arbitrary<PairCase> = fc.record({
  fanIn: fc.integer({ min: 1, max: 8 }),
  fanOut: fc.integer({ min: 1, max: 8 }),
  bias: fc.boolean(),
  eps: fc.constantFrom(...epsilons),
  training: fc.boolean(),
  seed: fc.nat(),
});

/**
 * A trained-looking BatchNorm: gamma, beta and the running statistics drawn (the running
 * variance away from 0 and 1, so that a fold by the variance instead of the std shows).
 */
function drawBatchNorm(g: Generator, dim: number, eps: number): nn.BatchNorm1d {
  const bn = new nn.BatchNorm1d(dim, { eps });
  noGrad(() => {
    bn.weight.mul_(0).add_(randn([dim], { generator: g }));
    bn.bias.mul_(0).add_(randn([dim], { generator: g }));
    bn.runningMean.mul_(0).add_(randn([dim], { generator: g }).mul(2));
    bn.runningVar.mul_(0).add_(rand([dim], { generator: g }).mul(3).add(0.2));
  });
  return bn;
}

/** A Linear with its bias drawn too (a new one's is zeros, which would hide a dropped bias). */
function drawLinear(g: Generator, fanIn: number, fanOut: number, bias: boolean): nn.Linear {
  const linear = new nn.Linear(fanIn, fanOut, { bias, generator: g });
  if (linear.bias) noGrad(() => linear.bias!.add_(randn([fanOut], { generator: g })));
  return linear;
}

/** The scenario's helpers: drawLinear and drawBatchNorm as the grader has them. */
const helpersCode = `function drawLinear(g, fanIn, fanOut, bias) {
  const linear = new nn.Linear(fanIn, fanOut, { bias, generator: g });
  if (linear.bias) noGrad(() => linear.bias.add_(randn([fanOut], { generator: g })));
  return linear;
}
function drawBatchNorm(g, dim, eps) {
  // gamma, beta, the running mean and variance as training might leave them
  const bn = new nn.BatchNorm1d(dim, { eps });
  noGrad(() => {
    bn.weight.mul_(0).add_(randn([dim], { generator: g }));
    bn.bias.mul_(0).add_(randn([dim], { generator: g }));
    bn.runningMean.mul_(0).add_(randn([dim], { generator: g }).mul(2));
    bn.runningVar.mul_(0).add_(rand([dim], { generator: g }).mul(3).add(0.2));
  });
  return bn;
}`;

const scenarioImports = `${importLearner(learner, "foldBatchNorm")}
import { Generator, nn, noGrad, rand, randn } from "#reference/tensor/index.ts";`;

function makePair(c: PairCase) {
  const g = new Generator().manualSeed(c.seed);
  const linear = drawLinear(g, c.fanIn, c.fanOut, c.bias);
  const bn = drawBatchNorm(g, c.fanOut, c.eps);
  bn.train(c.training);
  return { linear, bn };
}

const pairCode = (c: PairCase) => `${scenarioImports}
${helpersCode}
const g = new Generator().manualSeed(${c.seed});
const linear = drawLinear(g, ${c.fanIn}, ${c.fanOut}, ${c.bias});
const bn = drawBatchNorm(g, ${c.fanOut}, ${c.eps});
bn.training = ${c.training};
const { weight, bias } = foldBatchNorm(linear, bn);`;

type FoldVariant =
  | "right"
  | "without-eps"
  | "variance"
  | "weight-not-scaled"
  | "mean-forgotten"
  | "linear-bias-dropped";

/** The fold as asked, and as each named mistake computes it. */
function fold(c: PairCase, variant: FoldVariant): { weight: Tensor; bias: Tensor } {
  const { linear, bn } = makePair(c);
  return noGrad(() => {
    const spread =
      variant === "without-eps"
        ? bn.runningVar.sqrt()
        : variant === "variance"
          ? bn.runningVar.add(bn.eps)
          : bn.runningVar.add(bn.eps).sqrt();
    const scale = bn.weight.div(spread);
    const b = linear.bias === null || variant === "linear-bias-dropped" ? null : linear.bias;
    const mean = variant === "mean-forgotten" ? bn.runningMean.mul(0) : bn.runningMean;
    const shifted = b === null ? mean.neg() : b.sub(mean);
    return {
      weight: variant === "weight-not-scaled" ? linear.weight : linear.weight.mul(scale),
      bias: shifted.mul(scale).add(bn.bias),
    };
  });
}

const foldMistakes: ReadonlyArray<{
  mistake: MistakeId;
  variant: FoldVariant;
  applies: (c: PairCase) => boolean;
  message: string;
}> = [
  {
    mistake: "fold-without-eps",
    variant: "without-eps",
    applies: () => true,
    message:
      "The fold divides by sqrt(runningVar) without eps: BatchNorm in evaluation divides by sqrt(runningVar + eps), and a fold that leaves eps out changes the outputs, the more so the larger eps (bn.eps) is.",
  },
  {
    mistake: "fold-variance-not-std",
    variant: "variance",
    applies: () => true,
    message:
      "The fold divides by runningVar + eps itself: BatchNorm divides by the standard deviation, its square root, sqrt(runningVar + eps).",
  },
  {
    mistake: "fold-weight-not-scaled",
    variant: "weight-not-scaled",
    applies: () => true,
    message:
      "The new bias is right but the weight is the Linear's own: BatchNorm scales the whole output x @ W + b, so every column j of W must be multiplied by gamma_j / sqrt(var_j + eps) too (linear.weight.mul(scale) broadcasts the scale over the rows).",
  },
  {
    mistake: "fold-mean-forgotten",
    variant: "mean-forgotten",
    applies: () => true,
    message:
      "The new bias leaves out the running mean: BatchNorm subtracts it before scaling, so the bias is (b - runningMean) * scale + beta.",
  },
  {
    mistake: "fold-linear-bias-dropped",
    variant: "linear-bias-dropped",
    applies: (c) => c.bias,
    message:
      "The fold drops the Linear's own bias: when the Linear has one, BatchNorm shifts and scales it with the rest of its output, so the new bias is (linear.bias - runningMean) * scale + beta.",
  },
];

/** The parameters and buffers a fold reads, as copies: a fold must leave them as they were. */
function snapshot(linear: nn.Linear, bn: nn.BatchNorm1d): Tensor[] {
  return [linear.weight, linear.bias, bn.weight, bn.bias, bn.runningMean, bn.runningVar]
    .filter((t): t is Tensor => t !== null)
    .map((t) => t.detach().clone());
}

check(
  "fold",
  "foldBatchNorm(linear, bn): weight = W · gamma / sqrt(runningVar + eps) column by column, bias = (b - runningMean) · that + beta, on drawn sizes, eps, biases and modes, leaving both layers as they were",
  4,
  async () => {
    await learner();
    await property(pairCases, async (c) => {
      const expected = fold(c, "right");
      const pair = makePair(c);
      const before = snapshot(pair.linear, pair.bn);
      await scenario(learner, pairCode(c), async ({ weight, bias, linear, bn }) => {
        const after = snapshot(linear, bn);
        if (after.some((t, i) => !same(t, before[i]!)))
          fail(
            "foldBatchNorm changed the layers it was given (a weight, a bias or a running statistic): make new tensors for the folded weight and bias, so that the original network still works as it did.",
          );
        const w = expectTensor(weight, "weight", [c.fanIn, c.fanOut]);
        const b = expectTensor(bias, "bias", [c.fanOut]);
        if (same(w, expected.weight) && same(b, expected.bias)) return;
        for (const { mistake, variant, applies, message } of foldMistakes) {
          if (!applies(c)) continue;
          const wrong = fold(c, variant);
          if (!same(w, wrong.weight) || !same(b, wrong.bias)) continue;
          // The same mistake on a second network, with the largest eps, before it is named.
          const other: PairCase = { ...c, seed: c.seed + 1, eps: 1, fanOut: c.fanOut + 1 };
          const again = await scenarioValues(learner, pairCode(other));
          const wrongAgain = fold(other, variant);
          if (same(again["weight"], wrongAgain.weight) && same(again["bias"], wrongAgain.bias))
            fail(message, { mistake });
        }
        if (!same(w, expected.weight))
          fail(
            `The folded weight should be linear.weight with column j multiplied by gamma_j / sqrt(runningVar_j + eps); ${firstDifference(w, expected.weight, "weight")}.`,
          );
        fail(
          `The folded bias should be (${c.bias ? "linear.bias" : "0, for a Linear without bias,"} - runningMean) · gamma / sqrt(runningVar + eps) + beta; ${firstDifference(b, expected.bias, "bias")}.`,
        );
      });
    });
  },
);

interface NetworkCase {
  readonly widths: readonly number[];
  readonly biases: readonly boolean[];
  readonly eps: number;
  readonly n: number;
  readonly seed: number;
}

const networkCases: fc.Arbitrary<NetworkCase> = fc.integer({ min: 1, max: 4 }).chain((blocks) =>
  fc.record({
    widths: fc.array(fc.integer({ min: 1, max: 10 }), {
      minLength: blocks + 1,
      maxLength: blocks + 1,
    }),
    biases: fc.array(fc.boolean(), { minLength: blocks, maxLength: blocks }),
    eps: fc.constantFrom(...epsilons),
    n: fc.integer({ min: 1, max: 6 }),
    seed: fc.nat(),
  }),
);

/** Linear, BatchNorm1d, Tanh per block, with drawn parameters and statistics; the last block without its Tanh. */
function makeNetwork(c: NetworkCase): { layers: nn.Module[]; x: Tensor } {
  const g = new Generator().manualSeed(c.seed);
  const layers: nn.Module[] = [];
  c.biases.forEach((bias, i) => {
    layers.push(drawLinear(g, c.widths[i]!, c.widths[i + 1]!, bias));
    layers.push(drawBatchNorm(g, c.widths[i + 1]!, c.eps));
    if (i < c.biases.length - 1) layers.push(new nn.Tanh());
  });
  return { layers, x: randn([c.n, c.widths[0]!], { generator: g }) };
}

const networkCode = (c: NetworkCase) => `${scenarioImports}
${helpersCode}
const g = new Generator().manualSeed(${c.seed});
const widths = [${c.widths.join(", ")}];
const biases = [${c.biases.join(", ")}];
const layers = [];
biases.forEach((bias, i) => {
  layers.push(drawLinear(g, widths[i], widths[i + 1], bias));
  layers.push(drawBatchNorm(g, widths[i + 1], ${c.eps}));
  if (i < biases.length - 1) layers.push(new nn.Tanh());
});
const x = randn([${c.n}, widths[0]], { generator: g });
for (const layer of layers) layer.eval();
// Each Linear and the BatchNorm after it, folded into one Linear: the outputs should not change.
let h = x;
for (let i = 0; i < layers.length; i++) {
  const layer = layers[i];
  if (layer instanceof nn.Linear && layers[i + 1] instanceof nn.BatchNorm1d) {
    const { weight, bias } = foldBatchNorm(layer, layers[i + 1]);
    h = h.matmul(weight).add(bias);
    i++;
  } else h = layer.forward(h);
}
const folded = h;`;

check(
  "network",
  "folding every Linear into its BatchNorm leaves a random network's evaluation outputs unchanged (drawn depths, widths, biases, eps and batches)",
  2,
  async () => {
    await learner();
    await property(
      networkCases,
      async (c) => {
        const { layers, x } = makeNetwork(c);
        const expected = noGrad(() => new nn.Sequential(layers).eval().forward(x));
        await scenario(learner, networkCode(c), ({ folded }) => {
          const got = expectTensor(folded, "folded", [c.n, c.widths.at(-1)!]);
          if (!same(got, expected))
            fail(
              `The folded network's outputs differ from the network's in evaluation: ${firstDifference(got, expected, "folded")}. Each fold must reproduce its BatchNorm's evaluation output exactly: gamma * (x @ W + b - runningMean) / sqrt(runningVar + eps) + beta.`,
            );
        });
      },
      { numRuns: 40 },
    );
  },
);
