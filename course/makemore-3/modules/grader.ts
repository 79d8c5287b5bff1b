import fc from "fast-check";
import { check, fail, type MistakeId, note } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { Generator, nn, noGrad, randint, randn, Tensor } from "#reference/tensor/index.ts";

import { expectTensor, firstDifference, same, scenarioValues } from "../tensor-checks.ts";

type Target = typeof import("#solutions/24-modules/modules.ts");
const learner = loadTarget<Target>("modules.ts", ["Linear", "BatchNorm1d", "Tanh", "deepNetwork"]);

/** A tensor with `want`'s elements, of shape [dim] or [1, dim] (the lecture's keepdim leaves the latter). */
function expectFeatures(got: unknown, what: string, dim: number): Tensor {
  if (!(got instanceof Tensor))
    fail(`\`${what}\` should be a Tensor, but it is ${describeValue(got)}.`);
  if (got.numel() !== dim || (got.shape.join() !== `${dim}` && got.shape.join() !== `1,${dim}`))
    fail(
      `\`${what}\` should hold one number per feature, shape [${dim}], but it has shape [${got.shape.join(", ")}].`,
    );
  return got;
}

// ——— Linear ———

interface LinearCase {
  readonly fanIn: number;
  readonly fanOut: number;
  /** undefined: the option left out, so the default (a bias) applies. */
  readonly bias: boolean | undefined;
  readonly n: number;
  readonly seed: number;
}

const linearCases: fc.Arbitrary<LinearCase> = fc.record({
  fanIn: fc.integer({ min: 1, max: 12 }),
  fanOut: fc.integer({ min: 1, max: 12 }),
  bias: fc.constantFrom(true, false, undefined),
  n: fc.integer({ min: 1, max: 6 }),
  seed: fc.nat(),
});

check(
  "linear",
  "Linear(fanIn, fanOut, { bias, generator }): W drawn and divided by √fanIn, b zeros (the default) or none; forward is x @ W + b; parameters() lists them",
  3,
  async () => {
    await learner();
    await property(
      linearCases,
      async (c) => {
        const g = new Generator().manualSeed(c.seed);
        const hasBias = c.bias !== false;
        const kit = new nn.Linear(c.fanIn, c.fanOut, { bias: hasBias, generator: g });
        const x = randn([c.n, c.fanIn], { generator: g });
        const expected = kit.forward(x);
        const code = `${importLearner(learner, "Linear")}
import { Generator, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${c.seed});
const layer = new Linear(${c.fanIn}, ${c.fanOut}, { ${c.bias === undefined ? "" : `bias: ${c.bias}, `}generator: g });${c.bias === undefined ? " // a bias by default" : ""}
const x = randn([${c.n}, ${c.fanIn}], { generator: g });
const out = layer.forward(x);
const params = layer.parameters();`;
        await scenario(learner, code, ({ layer, x: theirs, out, params }) => {
          const weight = expectTensor(layer.weight, "layer.weight", [c.fanIn, c.fanOut]);
          if (!same(weight, kit.weight)) {
            const unscaled = kit.weight.mul(c.fanIn ** 0.5);
            fail(
              same(weight, unscaled)
                ? `layer.weight is the unit Gaussian draw itself: divide it by √fanIn (here √${c.fanIn}), so that x @ W keeps x's spread instead of multiplying it by √fanIn.`
                : `layer.weight should be randn([fanIn, fanOut], { generator }) / √fanIn, drawn first from the generator; ${firstDifference(weight, kit.weight, "layer.weight")}.`,
            );
          }
          if (hasBias) {
            if (c.bias === undefined && layer.bias === null)
              fail(
                "With no bias option, layer.bias is null: a Linear has a bias unless it is built with { bias: false }, as torch.nn.Linear does (the option defaults to true).",
                { mistake: "linear-bias-default-off" },
              );
            const bias = expectTensor(layer.bias, "layer.bias", [c.fanOut]);
            if (!bias.storage.every((v) => v === 0)) fail("layer.bias should start at zeros.");
          } else if (layer.bias !== null)
            fail(
              `With { bias: false } layer.bias should be null (there is no bias), but it is ${describeValue(layer.bias)}.`,
            );
          if (!same(theirs, x))
            fail("layer.forward(x) changed x, the tensor it was given: return a new tensor.");
          const got = expectTensor(out, "out", [c.n, c.fanOut]);
          if (!same(got, expected))
            fail(
              `layer.forward(x) should be x.matmul(weight)${hasBias ? ".add(bias)" : ""}; ${firstDifference(got, expected, "out")}.`,
            );
          const want = hasBias ? [layer.weight, layer.bias] : [layer.weight];
          if (
            !Array.isArray(params) ||
            params.length !== want.length ||
            params.some((p, i) => p !== want[i])
          )
            fail(
              `layer.parameters() should be ${hasBias ? "[weight, bias]" : "[weight] (no bias)"}, the layer's own tensors, but it is ${describeValue(params)}.`,
            );
          if (params.some((p: Tensor) => !p.requiresGrad))
            fail(
              "A Linear's parameters should require grad, so that backward() gives them gradients: .requiresGrad_() on the weight, { requiresGrad: true } for the bias.",
            );
        });
      },
      { numRuns: 50 },
    );
  },
);

// ——— BatchNorm1d ———

const epsilons = [1e-5, 1e-3, 0.1, 0.5, 2] as const;
const momenta = [0.1, 0.01, 0.001, 0.2, 0.9] as const;

interface NormCase {
  readonly n: number;
  readonly dim: number;
  /** undefined: the default (1e-5, 0.1) is left to the constructor. */
  readonly eps: number | undefined;
  readonly momentum: number | undefined;
  readonly seed: number;
  readonly scale: number;
  readonly shift: number;
}

const normCases = (minBatch: number): fc.Arbitrary<NormCase> =>
  fc.record({
    n: fc.integer({ min: minBatch, max: 10 }),
    dim: fc.integer({ min: 1, max: 6 }),
    eps: fc.option(fc.constantFrom(...epsilons), { nil: undefined }),
    momentum: fc.option(fc.constantFrom(...momenta), { nil: undefined }),
    seed: fc.nat(),
    scale: fc.integer({ min: 1, max: 20 }).map((k) => k / 4),
    shift: fc.integer({ min: -20, max: 20 }).map((k) => k / 4),
  });

const epsOf = (c: NormCase) => c.eps ?? 1e-5;
const momentumOf = (c: NormCase) => c.momentum ?? 0.1;

/** The constructor's options as written in a scenario: only those the case sets. */
function optionsCode(c: NormCase): string {
  const set = [
    c.eps === undefined ? "" : `eps: ${c.eps}`,
    c.momentum === undefined ? "" : `momentum: ${c.momentum}`,
  ].filter((s) => s !== "");
  return set.length === 0 ? "" : `, { ${set.join(", ")} }`;
}

/** The drawn batch: a leaf that requires grad, spread and shifted, as a layer's input is. */
const batchCode = (name: string, c: NormCase, n = c.n) =>
  `const ${name} = randn([${n}, ${c.dim}], { generator: g, requiresGrad: true }).mul(${c.scale}).add(${c.shift});`;

function drawBatch(g: Generator, c: NormCase, n = c.n): Tensor {
  return randn([n, c.dim], { generator: g, requiresGrad: true }).mul(c.scale).add(c.shift);
}

/**
 * The scenario: a BatchNorm1d with the case's options, its gamma and beta drawn (unless
 * `fresh`), then `body`.
 */
function normCode(c: NormCase, fresh: boolean, body: string): string {
  const draw = fresh
    ? ""
    : `bn.gamma.data.mul_(0).add_(randn([${c.dim}], { generator: g }));
bn.beta.data.mul_(0).add_(randn([${c.dim}], { generator: g }));
`;
  return `${importLearner(learner, "BatchNorm1d")}
import { Generator, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${c.seed});
const bn = new BatchNorm1d(${c.dim}${optionsCode(c)});
${draw}${body}`;
}

/** The kit's torch.nn.BatchNorm1d made as normCode makes the learner's, and the generator after. */
function kitNorm(c: NormCase, fresh: boolean): { bn: nn.BatchNorm1d; g: Generator } {
  const g = new Generator().manualSeed(c.seed);
  const bn = new nn.BatchNorm1d(c.dim, { eps: epsOf(c), momentum: momentumOf(c) });
  if (!fresh) {
    bn.weight.data.mul_(0).add_(randn([c.dim], { generator: g }));
    bn.bias.data.mul_(0).add_(randn([c.dim], { generator: g }));
  }
  return { bn, g };
}

/** How a training output is normalised: as asked, or as one of the named mistakes does it. */
type NormVariant = "right" | "unbiased" | "eps-outside";

/** BatchNorm's training output with a given variance estimator and eps placement. */
function trainingOutput(
  c: NormCase,
  fresh: boolean,
  variant: NormVariant,
): { x: Tensor; out: Tensor } {
  const { bn, g } = kitNorm(c, fresh);
  const x = drawBatch(g, c);
  const mean = x.mean(0, true);
  const variance = x.var(0, true, variant === "unbiased" ? 1 : 0);
  const std =
    variant === "eps-outside" ? variance.sqrt().add(epsOf(c)) : variance.add(epsOf(c)).sqrt();
  return { x, out: x.sub(mean).div(std).mul(bn.weight).add(bn.bias) };
}

const anotherNorm = (c: NormCase): NormCase => ({
  ...c,
  seed: c.seed + 1,
  n: c.n === 10 ? 4 : c.n + 1,
});

const normMistakes: ReadonlyArray<{
  mistake: MistakeId;
  variant: Exclude<NormVariant, "right">;
  message: (c: NormCase) => string;
}> = [
  {
    mistake: "variance-unbiased",
    variant: "unbiased",
    message: (c) =>
      `The output matches a normalisation with the unbiased variance, x.var(0, true), which divides by n - 1 (the lecture's hand-written class does): this BatchNorm1d is torch.nn's, which normalises with the batch's own variance, dividing by n: x.var(0, true, 0). With a batch of ${c.n} the two differ by a factor ${formatNumber(Math.sqrt((c.n - 1) / c.n))} in the output.`,
  },
  {
    mistake: "eps-outside-sqrt",
    variant: "eps-outside",
    message: (c) =>
      `The output matches (x - mean) / (sqrt(var) + eps): eps belongs inside the square root, (x - mean) / sqrt(var + eps). With eps = ${epsOf(c)} the two differ visibly; eps is there to keep the division away from 0 where a feature barely varies, and it is defined on the variance.`,
  },
];

check(
  "batchnorm-init",
  "BatchNorm1d(dim, { eps, momentum }): gamma ones and beta zeros as parameters(), running mean zeros and variance ones, eps 1e-5 and momentum 0.1 by default, in training mode",
  1,
  async () => {
    await learner();
    await property(
      normCases(2),
      async (c) => {
        const code = normCode(c, true, "const params = bn.parameters();");
        await scenario(learner, code, ({ bn, params }) => {
          const starts = { gamma: 1, beta: 0, runningMean: 0, runningVar: 1 } as const;
          for (const [name, value] of Object.entries(starts)) {
            const t = expectFeatures(bn[name], `bn.${name}`, c.dim);
            if (!t.storage.every((v) => v === value))
              fail(`Every element of \`bn.${name}\` should start at ${value}.`);
          }
          for (const [name, value] of [
            ["eps", epsOf(c)],
            ["momentum", momentumOf(c)],
          ] as const)
            if (bn[name] !== value)
              fail(
                `bn.${name} should be ${value}${c[name] === undefined ? " (the default)" : ", as given"}, but it is ${describeValue(bn[name])}.`,
              );
          if (bn.training !== true)
            fail(
              `bn.training should start true (a new layer is in training mode), but it is ${describeValue(bn.training)}.`,
            );
          const listed =
            Array.isArray(params) &&
            params.length === 2 &&
            params[0] === bn.gamma &&
            params[1] === bn.beta;
          if (!listed || !bn.gamma.requiresGrad || !bn.beta.requiresGrad)
            fail(
              `${listed ? "bn.gamma and bn.beta do not both require grad" : `bn.parameters() should be [gamma, beta], but it is ${describeValue(params)}`}: the gain and bias are parameters, learned by backward() like the weights, so training must find them in parameters() and they must require grad. The running mean and variance are not: they are buffers.`,
              { mistake: "gain-bias-not-parameters" },
            );
          if (bn.runningMean.requiresGrad || bn.runningVar.requiresGrad)
            fail(
              "bn.runningMean and bn.runningVar should not require grad: they are buffers, updated by hand, not learned.",
            );
        });
      },
      { numRuns: 40 },
    );
  },
);

check(
  "batchnorm-training",
  "in training, every feature of any batch comes out with mean 0 and variance 1 (the batch's own variance, dividing by n, plus eps inside the root), scaled by gamma and shifted by beta",
  3,
  async () => {
    await learner();
    for (const fresh of [true, false]) {
      await property(
        normCases(2),
        async (c) => {
          const { x, out: expected } = trainingOutput(c, fresh, "right");
          const code = (k: NormCase) =>
            normCode(k, fresh, `${batchCode("x", k)}\nconst out = bn.forward(x);`);
          await scenario(learner, code(c), async ({ x: theirs, out }) => {
            if (!same(theirs, x))
              fail(
                "bn.forward(x) changed x, the tensor it was given: it normalised it in place. Build a new tensor (x.sub(mean).div(...)) and leave the input as it was: the layer before, and backward(), still need it.",
                { mistake: "batchnorm-in-place" },
              );
            const got = expectTensor(out, "out", [c.n, c.dim]);
            if (same(got, expected)) return;
            for (const { mistake, variant, message } of normMistakes) {
              if (!same(got, trainingOutput(c, fresh, variant).out)) continue;
              const other = anotherNorm(c);
              const { out: again } = await scenarioValues(learner, code(other));
              if (same(again, trainingOutput(other, fresh, variant).out))
                fail(message(c), { mistake });
            }
            fail(
              fresh
                ? `A new BatchNorm1d (gamma 1, beta 0) should give every feature mean 0 and variance 1 over the batch: (x - x.mean(0, true)) / sqrt(x.var(0, true, 0) + eps); ${firstDifference(got, expected, "out")}.`
                : `With gamma and beta drawn, out should be gamma * xhat + beta, xhat = (x - mean) / sqrt(var + eps); ${firstDifference(got, expected, "out")}.`,
            );
          });
        },
        { label: fresh ? "fresh" : "drawn gamma and beta", numRuns: 50 },
      );
    }
  },
);

/** The kit's running statistics after two training batches, and the mistakes' versions. */
function runningAfter(c: NormCase, variant: "right" | "reversed") {
  const { bn, g } = kitNorm(c, false);
  const first = drawBatch(g, c);
  const second = drawBatch(g, c, c.n + 1);
  if (variant === "right") {
    bn.forward(first);
    bn.forward(second);
    return { mean: bn.runningMean, variance: bn.runningVar };
  }
  const m = momentumOf(c);
  let mean = bn.runningMean;
  let variance = bn.runningVar;
  for (const x of [first, second]) {
    mean = mean.mul(m).add(
      x
        .mean(0)
        .detach()
        .mul(1 - m),
    );
    variance = variance.mul(m).add(
      x
        .var(0)
        .detach()
        .mul(1 - m),
    );
  }
  return { mean, variance };
}

check(
  "running",
  "in training, the running mean and (unbiased) variance move the momentum's share of the way to each batch's, outside the graph",
  2,
  async () => {
    await learner();
    await property(
      normCases(2).filter((c) => momentumOf(c) !== 0.5),
      async (c) => {
        const expected = runningAfter(c, "right");
        const code = (k: NormCase) =>
          normCode(
            k,
            false,
            `${batchCode("first", k)}\n${batchCode("second", k, k.n + 1)}
bn.forward(first);
bn.forward(second);
const { runningMean, runningVar } = bn; // after two steps`,
          );
        await scenario(learner, code(c), async ({ runningMean, runningVar }) => {
          for (const [name, t] of [
            ["runningMean", runningMean],
            ["runningVar", runningVar],
          ] as const) {
            expectFeatures(t, `bn.${name}`, c.dim);
            if (t.requiresGrad || t.gradFn !== null)
              fail(
                `After a training step \`bn.${name}\` is part of the autograd graph (it requires grad${t.gradFn ? `, made by ${t.gradFn.name}` : ""}): the running statistics were updated outside noGrad, so every step's graph hangs on to all the earlier ones. Update them inside noGrad(() => { ... }).`,
                { mistake: "running-stats-in-graph" },
              );
          }
          if (same(runningMean, expected.mean) && same(runningVar, expected.variance)) return;
          const reversed = runningAfter(c, "reversed");
          if (same(runningMean, reversed.mean) && same(runningVar, reversed.variance)) {
            const other = anotherNorm(c);
            const again = await scenarioValues(learner, code(other));
            if (same(again["runningMean"], runningAfter(other, "reversed").mean))
              fail(
                `The running statistics keep ${momentumOf(c)} of themselves and take ${formatNumber(1 - momentumOf(c))} from the batch: the momentum is the wrong way round. The momentum is the batch's share: running = (1 - momentum) * running + momentum * batch.`,
                { mistake: "running-momentum-reversed" },
              );
          }
          if (!same(runningMean, expected.mean))
            fail(
              `After two training batches, runningMean should be (1 - momentum) · running + momentum · the batch's mean, twice; ${firstDifference(runningMean, expected.mean, "bn.runningMean")}.`,
            );
          fail(
            `After two training batches, runningVar should be (1 - momentum) · running + momentum · the batch's unbiased variance (x.var(0), dividing by n - 1, as torch.nn keeps it), twice; ${firstDifference(runningVar, expected.variance, "bn.runningVar")}.`,
          );
        });
      },
      { numRuns: 50 },
    );
  },
);

/** The kit's evaluation output after one training batch, and what batch statistics would give. */
function evaluationOf(c: NormCase, m: number) {
  const { bn, g } = kitNorm(c, false);
  bn.forward(drawBatch(g, c));
  bn.eval();
  const x = drawBatch(g, c, m);
  const meanBefore = bn.runningMean.clone();
  const varBefore = bn.runningVar.clone();
  const expected = bn.forward(x);
  const withBatch = x
    .sub(x.mean(0, true))
    .div(x.var(0, true, 0).add(epsOf(c)).sqrt())
    .mul(bn.weight)
    .add(bn.bias);
  return { expected, withBatch, meanBefore, varBefore };
}

const evaluationCode = (c: NormCase, m: number) =>
  normCode(
    c,
    false,
    `${batchCode("train", c)}
bn.forward(train); // one training step, so the running statistics are not 0 and 1
bn.training = false;
${batchCode("x", c, m)}
const out = bn.forward(x);
const { runningMean, runningVar } = bn;`,
  );

check(
  "evaluation",
  "with training set to false, forward normalises with the running mean and variance, for any batch (one example too), and leaves them as they are",
  2,
  async () => {
    await learner();
    await property(
      fc.tuple(normCases(2), fc.integer({ min: 1, max: 8 })),
      async ([c, m]) => {
        const { expected, withBatch, meanBefore, varBefore } = evaluationOf(c, m);
        await scenario(learner, evaluationCode(c, m), async ({ out, runningMean, runningVar }) => {
          const got = expectTensor(out, "out", [m, c.dim]);
          if (!same(got, expected)) {
            if (same(got, withBatch)) {
              const [other, otherM] = [anotherNorm(c), m === 8 ? 3 : m + 1] as const;
              const again = await scenarioValues(learner, evaluationCode(other, otherM));
              if (same(again["out"], evaluationOf(other, otherM).withBatch))
                fail(
                  "With training false the output is normalised with this batch's own mean and variance: then an example's output depends on the others in its batch, and one example alone cannot be evaluated. In evaluation use the running statistics: (x - runningMean) / sqrt(runningVar + eps).",
                  { mistake: "eval-batch-statistics" },
                );
            }
            fail(
              `With training false, out should be gamma * (x - runningMean) / sqrt(runningVar + eps) + beta; ${firstDifference(got, expected, "out")}.`,
            );
          }
          if (!same(runningMean, meanBefore) || !same(runningVar, varBefore))
            fail(
              "With training false, forward changed the running statistics: they follow training batches only; evaluation reads them.",
            );
        });
      },
      { numRuns: 50 },
    );
  },
);

check("tanh", "Tanh: forward is x.tanh(), and it has no parameters", 1, async () => {
  await learner();
  await property(
    fc.record({
      n: fc.integer({ min: 1, max: 5 }),
      dim: fc.integer({ min: 1, max: 5 }),
      seed: fc.nat(),
    }),
    async (c) => {
      const x = randn([c.n, c.dim], { generator: new Generator().manualSeed(c.seed) }).mul(2);
      const code = `${importLearner(learner, "Tanh")}
import { Generator, randn } from "#reference/tensor/index.ts";
const x = randn([${c.n}, ${c.dim}], { generator: new Generator().manualSeed(${c.seed}) }).mul(2);
const layer = new Tanh();
const out = layer.forward(x);
const params = layer.parameters();`;
      await scenario(learner, code, ({ out, params }) => {
        const got = expectTensor(out, "out", [c.n, c.dim]);
        if (!same(got, x.tanh()))
          fail(`layer.forward(x) should be x.tanh(); ${firstDifference(got, x.tanh(), "out")}.`);
        if (!Array.isArray(params) || params.length !== 0)
          fail(
            `A Tanh has nothing to learn: parameters() should be [], but it is ${describeValue(params)}.`,
          );
      });
    },
    { numRuns: 30 },
  );
});

// ——— the lecture's deeper network ———

interface DeepCase {
  readonly vocabSize: number;
  readonly blockSize: number;
  readonly embedding: number;
  readonly hidden: number;
  readonly depth: number;
  readonly n: number;
  readonly seed: number;
}

const deepCases: fc.Arbitrary<DeepCase> = fc.record({
  vocabSize: fc.integer({ min: 2, max: 8 }),
  blockSize: fc.integer({ min: 1, max: 3 }),
  embedding: fc.integer({ min: 1, max: 4 }),
  hidden: fc.integer({ min: 1, max: 8 }),
  depth: fc.integer({ min: 1, max: 4 }),
  n: fc.integer({ min: 2, max: 6 }),
  seed: fc.nat(),
});

/** The kit's network drawn as deepNetwork should draw it, and its training-mode logits. */
function kitDeep(c: DeepCase) {
  const g = new Generator().manualSeed(c.seed);
  const C = randn([c.vocabSize, c.embedding], { generator: g });
  const layers: nn.Module[] = [];
  let fanIn = c.blockSize * c.embedding;
  for (let i = 0; i < c.depth; i++) {
    layers.push(new nn.Linear(fanIn, c.hidden, { bias: false, generator: g }));
    layers.push(new nn.BatchNorm1d(c.hidden), new nn.Tanh());
    fanIn = c.hidden;
  }
  const last = new nn.BatchNorm1d(c.vocabSize);
  layers.push(new nn.Linear(fanIn, c.vocabSize, { bias: false, generator: g }), last);
  noGrad(() => last.weight.mul_(0.1));
  const X = randint(0, c.vocabSize, [c.n, c.blockSize], { generator: g });
  const logits = new nn.Sequential(layers).forward(C.index(X).view(c.n, -1));
  const count =
    C.numel() + layers.flatMap((l) => l.parameters()).reduce((a, p) => a + p.numel(), 0);
  return { C, logits, count };
}

check(
  "network",
  "deepNetwork(sizes, g): C, then depth × (Linear without bias, BatchNorm1d, Tanh), a Linear to the vocabulary and a BatchNorm1d with gamma 0.1; its parameters and its logits",
  2,
  async () => {
    await learner();
    await property(
      deepCases,
      async (c) => {
        const expected = kitDeep(c);
        const code = `${importLearner(learner, "deepNetwork")}
import { Generator, randint } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${c.seed});
const { C, layers } = deepNetwork({ vocabSize: ${c.vocabSize}, blockSize: ${c.blockSize}, embedding: ${c.embedding}, hidden: ${c.hidden}, depth: ${c.depth} }, g);
const parameters = [C, ...layers.flatMap((layer) => layer.parameters())];
const X = randint(0, ${c.vocabSize}, [${c.n}, ${c.blockSize}], { generator: g });
const emb = C.index(X);
let x = emb.view(emb.shape[0], -1);
for (const layer of layers) x = layer.forward(x);
const logits = x;`;
        await scenario(learner, code, ({ C, layers, parameters, logits }) => {
          expectTensor(C, "C", [c.vocabSize, c.embedding]);
          if (!same(C, expected.C))
            fail(
              "C should be drawn first from g, randn([vocabSize, embedding], { generator: g }), before any Linear's weight.",
            );
          // Every parameter is learned: a leaf that requires grad, C as much as the layers'.
          if (!C.requiresGrad)
            fail(
              "C does not require grad: backward() never gives the embedding table a gradient, so training never changes it and every character keeps its random embedding. Draw it with randn([vocabSize, embedding], { generator: g, requiresGrad: true }).",
              { mistake: "embedding-without-grad" },
            );
          const unlearned = (parameters as Tensor[]).findIndex(
            (p) => !p.requiresGrad || p.gradFn !== null,
          );
          if (unlearned >= 0)
            fail(
              `parameters[${unlearned}] (C first, then each layer's parameters()) ${parameters[unlearned].requiresGrad ? `is not a leaf: it was made by ${parameters[unlearned].gradFn.name} from another tensor, so backward() fills that tensor's .grad, not this one's` : "does not require grad, so backward() never gives it a gradient"}, and training would never change it.`,
            );
          if (!Array.isArray(layers) || layers.length !== 3 * c.depth + 2)
            fail(
              `With depth ${c.depth}, layers should hold ${3 * c.depth + 2} layers (${c.depth} × Linear, BatchNorm1d, Tanh, then Linear and BatchNorm1d), but it holds ${Array.isArray(layers) ? layers.length : describeValue(layers)}.`,
            );
          // A bias before a BatchNorm is subtracted again by it: not wrong, but it never learns.
          const isBatchNorm = (layer: unknown) =>
            typeof layer === "object" && layer !== null && "runningMean" in layer;
          const biased = layers.flatMap((layer: { bias?: unknown }, i: number) =>
            layer.bias instanceof Tensor && isBatchNorm(layers[i + 1]) ? [i] : [],
          );
          if (biased.length > 0)
            note(
              `deepNetwork's Linear layers before a BatchNorm1d keep a bias. Harmless, but wasted: BatchNorm subtracts each feature's batch mean, the bias with it, so that bias's gradient is always zero and it never learns; BatchNorm's beta is the layer's bias. Build them with { bias: false }.`,
            );
          const wasted = biased.reduce((a: number, i: number) => a + layers[i].bias.numel(), 0);
          const count = (parameters as Tensor[]).reduce((a, p) => a + p.numel(), 0) - wasted;
          if (count !== expected.count)
            fail(
              `The network has ${count} parameters${wasted > 0 ? " (besides the biases before BatchNorms)" : ""}, but these sizes make ${expected.count}: C, each Linear's weight, and each BatchNorm1d's gamma and beta. (The lecture's sizes, 27, 3, 10, 100 and depth 5, make 47,024.)`,
            );
          const got = expectTensor(logits, "logits", [c.n, c.vocabSize]);
          if (!same(got, expected.logits))
            fail(
              `The logits, in training mode, differ from the network described: ${firstDifference(got, expected.logits, "logits")}. Check the order of the draws (C, then each Linear), and the last BatchNorm1d's gamma, multiplied by 0.1 under noGrad.`,
            );
        });
      },
      { numRuns: 30 },
    );
  },
);
