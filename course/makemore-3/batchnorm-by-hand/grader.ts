import fc from "fast-check";
import { check, fail, type MistakeId } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { Generator, ones, rand, randint, randn, Tensor, zeros } from "#reference/tensor/index.ts";

import { expectTensor, firstDifference, same } from "../tensor-checks.ts";

type Target = typeof import("#solutions/23-batchnorm-by-hand/batchnorm.ts");
const learner = loadTarget<Target>("batchnorm.ts", ["initBatchNorm", "batchNorm", "forward"]);

interface Case {
  readonly n: number;
  readonly hidden: number;
  readonly seed: number;
  /** The pre-activations' spread and offset: BatchNorm must undo both. */
  readonly scale: number;
  readonly shift: number;
}

const cases: fc.Arbitrary<Case> = fc.record({
  n: fc.integer({ min: 2, max: 12 }),
  hidden: fc.integer({ min: 1, max: 8 }),
  seed: fc.nat(),
  scale: fc.integer({ min: 1, max: 40 }).map((k) => k / 4),
  shift: fc.integer({ min: -20, max: 20 }).map((k) => k / 4),
});

/** Another input for a diagnosis to hold on: another seed and batch size. */
const secondCase = (c: Case): Case => ({ ...c, n: c.n === 12 ? 5 : c.n + 1, seed: c.seed + 1 });

interface State {
  bngain: Tensor;
  bnbias: Tensor;
  bnmeanRunning: Tensor;
  bnstdRunning: Tensor;
}

/**
 * The grader's own copy of what a scenario makes: the pre-activations (from a leaf that requires
 * grad, as in the MLP), and a BatchNorm state, fresh (gain 1, bias 0) or drawn.
 */
function make(c: Case, fresh: boolean): { hpreact: Tensor; bn: State } {
  const g = new Generator().manualSeed(c.seed);
  const x = randn([c.n, c.hidden], { generator: g, requiresGrad: true });
  const hpreact = x.mul(c.scale).add(c.shift);
  const bn = fresh
    ? {
        bngain: ones([1, c.hidden]).requiresGrad_(),
        bnbias: zeros([1, c.hidden]).requiresGrad_(),
        bnmeanRunning: zeros([1, c.hidden]),
        bnstdRunning: ones([1, c.hidden]),
      }
    : {
        bngain: randn([1, c.hidden], { generator: g }).requiresGrad_(),
        bnbias: randn([1, c.hidden], { generator: g }).requiresGrad_(),
        bnmeanRunning: randn([1, c.hidden], { generator: g }),
        bnstdRunning: rand([1, c.hidden], { generator: g }).add(0.5),
      };
  return { hpreact, bn };
}

/** The scenario's lines that make what make(c, fresh) makes. */
function setupCode(c: Case, fresh: boolean, call: string): string {
  const h = c.hidden;
  const state = fresh
    ? `const bn = {
  bngain: ones([1, ${h}]).requiresGrad_(),
  bnbias: zeros([1, ${h}]).requiresGrad_(),
  bnmeanRunning: zeros([1, ${h}]),
  bnstdRunning: ones([1, ${h}]),
};`
    : `const bn = {
  bngain: randn([1, ${h}], { generator: g }).requiresGrad_(),
  bnbias: randn([1, ${h}], { generator: g }).requiresGrad_(),
  bnmeanRunning: randn([1, ${h}], { generator: g }),
  bnstdRunning: rand([1, ${h}], { generator: g }).add(0.5),
};`;
  return `${importLearner(learner, "batchNorm")}
import { Generator, ones, rand, randn, zeros } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${c.seed});
const x = randn([${c.n}, ${h}], { generator: g, requiresGrad: true });
const hpreact = x.mul(${c.scale}).add(${c.shift}); // [${c.n}, ${h}]
${state}
${call}`;
}

/** BatchNorm's formula, with the statistics given. */
const normalise = (hpreact: Tensor, bn: State, mean: Tensor, std: Tensor) =>
  bn.bngain.mul(hpreact.sub(mean)).div(std).add(bn.bnbias);

/** What batchNorm(hpreact, bn, true) should give, and the mistakes that give something else. */
function trainingOutputs(c: Case, fresh: boolean) {
  const { hpreact, bn } = make(c, fresh);
  const mean = hpreact.mean(0, true);
  return {
    hpreact,
    expected: normalise(hpreact, bn, mean, hpreact.std(0, true)),
    biased: normalise(hpreact, bn, mean, hpreact.std(0, true, 0)),
  };
}

/** The mistake whose output `got` is, on this input and on a second one, or undefined. */
async function confirmed(
  c: Case,
  got: Tensor,
  candidates: ReadonlyArray<{ mistake: MistakeId; output: (c: Case) => Tensor }>,
  rerun: (c: Case) => Promise<unknown>,
): Promise<MistakeId | undefined> {
  for (const { mistake, output } of candidates) {
    if (!same(got, output(c))) continue;
    const other = secondCase(c);
    if (same(await rerun(other), output(other))) return mistake;
  }
  return undefined;
}

/** Runs a scenario and hands back one variable, for a diagnosis's second input. */
async function scenarioValue(code: string, name: string): Promise<unknown> {
  let value: unknown;
  await scenario(learner, code, (values) => {
    value = values[name];
  });
  return value;
}

check(
  "init",
  "initBatchNorm(hidden): gain ones and bias zeros that learn; running mean zeros and std ones that do not",
  1,
  async () => {
    await learner();
    await property(
      fc.integer({ min: 1, max: 300 }),
      async (hidden) => {
        const code = `${importLearner(learner, "initBatchNorm")}
const bn = initBatchNorm(${hidden});`;
        await scenario(learner, code, ({ bn }) => {
          if (typeof bn !== "object" || bn === null)
            fail(
              `\`initBatchNorm(${hidden})\` should return an object, but it returned ${describeValue(bn)}.`,
            );
          const expected = { bngain: 1, bnbias: 0, bnmeanRunning: 0, bnstdRunning: 1 } as const;
          for (const [name, value] of Object.entries(expected)) {
            const t = expectTensor(bn[name], `bn.${name}`, [1, hidden]);
            if (!t.storage.every((v) => v === value))
              fail(`Every element of \`bn.${name}\` should start at ${value}.`);
          }
          for (const name of ["bngain", "bnbias"] as const)
            if (!bn[name].requiresGrad)
              fail(
                `\`bn.${name}\` does not require grad, so backward() never gives it a gradient and training never changes it: the gain and bias are parameters, learned like W1. Make them with { requiresGrad: true }.`,
                { mistake: "gain-bias-not-parameters" },
              );
          for (const name of ["bnmeanRunning", "bnstdRunning"] as const)
            if (bn[name].requiresGrad)
              fail(
                `\`bn.${name}\` requires grad, but it is not learned by backpropagation: it is a running estimate, updated by hand. Make it without requiresGrad.`,
              );
        });
      },
      { numRuns: 30 },
    );
  },
);

check(
  "normalised",
  "in training, with gain 1 and bias 0, every feature of any batch comes out with mean 0 and std 1 (the unbiased std, as .std() gives)",
  2,
  async () => {
    await learner();
    await property(
      cases,
      async (c) => {
        const { hpreact, expected } = trainingOutputs(c, true);
        const code = (k: Case) => setupCode(k, true, "const out = batchNorm(hpreact, bn, true);");
        await scenario(learner, code(c), async ({ out, hpreact: theirs }) => {
          if (!same(theirs, hpreact))
            fail(
              "batchNorm changed `hpreact`, the tensor it was given: it normalised it in place. Build a new tensor (hpreact.sub(mean).div(std)) and leave the input as it was: the caller, and backward(), still need it.",
              { mistake: "batchnorm-in-place" },
            );
          const got = expectTensor(out, "out", [c.n, c.hidden]);
          if (same(got, expected)) return;
          const mistake = await confirmed(
            c,
            got,
            [{ mistake: "variance-biased", output: (k) => trainingOutputs(k, true).biased }],
            (k) => scenarioValue(code(k), "out"),
          );
          if (mistake)
            fail(
              `Each feature of \`out\` has mean 0 but std ${formatNumber(Math.sqrt(c.n / (c.n - 1)))}, not 1: you divided by the std with n in the variance (the biased one), where this lesson asks for the lecture's hpreact.std(0, true), which divides by n - 1. The two differ by √(n/(n-1)), which matters for a small batch.`,
              { mistake },
            );
          fail(
            `In training, each feature should be normalised with the batch's mean and std (hpreact.std(0, true)), so with gain 1 and bias 0 it has mean 0 and std 1; ${firstDifference(got, expected, "out")}.`,
          );
        });
      },
      { numRuns: 50 },
    );
  },
);

check(
  "gain-bias",
  "in training, the normalised batch is scaled by the gain and shifted by the bias, feature by feature",
  1,
  async () => {
    await learner();
    await property(
      cases,
      async (c) => {
        const { expected } = trainingOutputs(c, false);
        const code = setupCode(c, false, "const out = batchNorm(hpreact, bn, true);");
        await scenario(learner, code, ({ out }) => {
          const got = expectTensor(out, "out", [c.n, c.hidden]);
          if (!same(got, expected))
            fail(
              `With a gain and bias that are not 1 and 0, out should be bngain * (hpreact - mean) / std + bnbias; ${firstDifference(got, expected, "out")}.`,
            );
        });
      },
      { numRuns: 50 },
    );
  },
);

/** The running estimates after one training step, and after the step with the momentum reversed. */
function runningAfter(c: Case) {
  const { hpreact, bn } = make(c, false);
  const mean = hpreact.mean(0, true).detach();
  const std = hpreact.std(0, true).detach();
  const blend = (old: Tensor, batch: Tensor, keep: number) =>
    old.mul(keep).add(batch.mul(1 - keep));
  return {
    mean: blend(bn.bnmeanRunning, mean, 0.999),
    std: blend(bn.bnstdRunning, std, 0.999),
    reversedMean: blend(bn.bnmeanRunning, mean, 0.001),
    reversedStd: blend(bn.bnstdRunning, std, 0.001),
    before: bn,
  };
}

check(
  "running",
  "in training, the running mean and std move 0.1% of the way to the batch's (0.999 · running + 0.001 · batch), outside the graph",
  2,
  async () => {
    await learner();
    await property(
      cases,
      async (c) => {
        const expected = runningAfter(c);
        const code = (k: Case) =>
          setupCode(
            k,
            false,
            "batchNorm(hpreact, bn, true);\nconst { bnmeanRunning, bnstdRunning } = bn; // after the step",
          );
        await scenario(learner, code(c), async ({ bnmeanRunning, bnstdRunning }) => {
          for (const [name, t] of [
            ["bnmeanRunning", bnmeanRunning],
            ["bnstdRunning", bnstdRunning],
          ] as const) {
            if (!(t instanceof Tensor))
              fail(
                `After a training step \`bn.${name}\` should be a Tensor, but it is ${describeValue(t)}.`,
              );
            if (t.requiresGrad || t.gradFn !== null)
              fail(
                `After a training step \`bn.${name}\` is part of the autograd graph (it requires grad${t.gradFn ? `, made by ${t.gradFn.name}` : ""}): the running estimates were updated outside noGrad, so each step's graph hangs on to every earlier one and backward() would run through them all. Update them inside noGrad(() => { ... }).`,
                { mistake: "running-stats-in-graph" },
              );
          }
          const gotMean = bnmeanRunning as Tensor;
          const gotStd = bnstdRunning as Tensor;
          if (same(gotMean, expected.mean) && same(gotStd, expected.std)) return;
          if (same(gotMean, expected.reversedMean) && same(gotStd, expected.reversedStd)) {
            const other = secondCase(c);
            const again = runningAfter(other);
            if (same(await scenarioValue(code(other), "bnmeanRunning"), again.reversedMean))
              fail(
                "The running estimates jump almost all the way to this batch's statistics: the momentum is the wrong way round. The running value keeps 0.999 of itself and takes 0.001 of the batch's: bnmeanRunning = 0.999 * bnmeanRunning + 0.001 * bnmeani.",
                { mistake: "running-momentum-reversed" },
              );
          }
          if (
            same(gotMean, expected.before.bnmeanRunning) &&
            same(gotStd, expected.before.bnstdRunning)
          )
            fail(
              "After a training step the running mean and std are as they were: batchNorm should update them (bn.bnmeanRunning = 0.999 * bn.bnmeanRunning + 0.001 * bnmeani, and the same for the std).",
            );
          if (!same(gotMean, expected.mean))
            fail(
              `The running mean should be 0.999 · its old value + 0.001 · the batch's mean; ${firstDifference(gotMean, expected.mean, "bn.bnmeanRunning")}.`,
            );
          fail(
            `The running std should be 0.999 · its old value + 0.001 · the batch's std (hpreact.std(0, true)); ${firstDifference(gotStd, expected.std, "bn.bnstdRunning")}.`,
          );
        });
      },
      { numRuns: 50 },
    );
  },
);

check(
  "evaluation",
  "in evaluation, batchNorm normalises with the running mean and std and leaves them as they are",
  2,
  async () => {
    await learner();
    await property(
      cases,
      async (c) => {
        const { hpreact, bn } = make(c, false);
        const expected = normalise(hpreact, bn, bn.bnmeanRunning, bn.bnstdRunning);
        const code = (k: Case) =>
          setupCode(
            k,
            false,
            "const out = batchNorm(hpreact, bn, false);\nconst { bnmeanRunning, bnstdRunning } = bn;",
          );
        await scenario(learner, code(c), async ({ out, bnmeanRunning, bnstdRunning }) => {
          const got = expectTensor(out, "out", [c.n, c.hidden]);
          if (!same(got, expected)) {
            const mistake = await confirmed(
              c,
              got,
              [
                {
                  mistake: "eval-batch-statistics",
                  output: (k) => trainingOutputs(k, false).expected,
                },
              ],
              (k) => scenarioValue(code(k), "out"),
            );
            if (mistake)
              fail(
                "In evaluation the output is normalised with this batch's own mean and std: then a name's prediction depends on the other names in its batch, and a single example cannot be evaluated at all. Evaluation uses the running estimates: bngain * (hpreact - bnmeanRunning) / bnstdRunning + bnbias.",
                { mistake },
              );
            fail(
              `In evaluation out should be bngain * (hpreact - bnmeanRunning) / bnstdRunning + bnbias; ${firstDifference(got, expected, "out")}.`,
            );
          }
          if (!same(bnmeanRunning, bn.bnmeanRunning) || !same(bnstdRunning, bn.bnstdRunning))
            fail(
              "batchNorm(hpreact, bn, false) changed the running estimates: they are updated only in training, from training batches, and evaluation only reads them.",
            );
        });
      },
      { numRuns: 50 },
    );
  },
);

interface NetCase {
  readonly vocabSize: number;
  readonly blockSize: number;
  readonly embedding: number;
  readonly hidden: number;
  readonly n: number;
  readonly seed: number;
  readonly training: boolean;
}

const netCases: fc.Arbitrary<NetCase> = fc.record({
  vocabSize: fc.integer({ min: 2, max: 10 }),
  blockSize: fc.integer({ min: 1, max: 4 }),
  embedding: fc.integer({ min: 1, max: 4 }),
  hidden: fc.integer({ min: 1, max: 10 }),
  n: fc.integer({ min: 2, max: 8 }),
  seed: fc.nat(),
  training: fc.boolean(),
});

/** The grader's copy of the scenario's network: drawn parameters and a drawn BatchNorm state. */
function makeNet(c: NetCase) {
  const g = new Generator().manualSeed(c.seed);
  const grad = { generator: g, requiresGrad: true };
  const C = randn([c.vocabSize, c.embedding], grad);
  const W1 = randn([c.blockSize * c.embedding, c.hidden], grad);
  const W2 = randn([c.hidden, c.vocabSize], grad);
  const b2 = randn([c.vocabSize], grad);
  const bn = {
    bngain: randn([1, c.hidden], grad),
    bnbias: randn([1, c.hidden], grad),
    bnmeanRunning: randn([1, c.hidden], { generator: g }),
    bnstdRunning: rand([1, c.hidden], { generator: g }).add(0.5),
  };
  const X = randint(0, c.vocabSize, [c.n, c.blockSize], { generator: g });
  return { p: { C, W1, W2, b2, bn }, X };
}

const netCode = (c: NetCase, call: string) => `${importLearner(learner, "forward")}
import { Generator, rand, randint, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${c.seed});
const grad = { generator: g, requiresGrad: true };
const C = randn([${c.vocabSize}, ${c.embedding}], grad);
const W1 = randn([${c.blockSize * c.embedding}, ${c.hidden}], grad);
const W2 = randn([${c.hidden}, ${c.vocabSize}], grad);
const b2 = randn([${c.vocabSize}], grad);
const bn = {
  bngain: randn([1, ${c.hidden}], grad),
  bnbias: randn([1, ${c.hidden}], grad),
  bnmeanRunning: randn([1, ${c.hidden}], { generator: g }),
  bnstdRunning: rand([1, ${c.hidden}], { generator: g }).add(0.5),
};
const p = { C, W1, W2, b2, bn };
const X = randint(0, ${c.vocabSize}, [${c.n}, ${c.blockSize}], { generator: g });
${call}`;

/** The logits, with BatchNorm where it belongs or (a mistake) after the tanh. */
function netLogits(c: NetCase, order: "before-tanh" | "after-tanh"): Tensor {
  const { p, X } = makeNet(c);
  const bn = p.bn;
  const hpreact = p.C.index(X).view(c.n, -1).matmul(p.W1);
  const norm = (t: Tensor) =>
    c.training
      ? normalise(t, bn, t.mean(0, true), t.std(0, true))
      : normalise(t, bn, bn.bnmeanRunning, bn.bnstdRunning);
  const h = order === "before-tanh" ? norm(hpreact).tanh() : norm(hpreact.tanh());
  return h.matmul(p.W2).add(p.b2);
}

check(
  "forward",
  "forward(p, X, training): embed, flatten, @ W1 without a bias, BatchNorm, tanh, @ W2 + b2; every parameter gets a gradient",
  2,
  async () => {
    await learner();
    await property(
      netCases,
      async (c) => {
        const expected = netLogits(c, "before-tanh");
        const code = (k: NetCase) =>
          netCode(k, `const logits = forward(p, X, ${k.training});\nlogits.sum().backward();`);
        await scenario(learner, code(c), async ({ logits, p }) => {
          const got = expectTensor(logits, "logits", [c.n, c.vocabSize]);
          if (!same(got, expected)) {
            if (same(got, netLogits(c, "after-tanh"))) {
              const other = { ...c, seed: c.seed + 1, n: c.n + 1 };
              if (same(await scenarioValue(code(other), "logits"), netLogits(other, "after-tanh")))
                fail(
                  "BatchNorm comes after the tanh here: it is there to shape the pre-activations before they reach the tanh, so that they are neither saturated nor all near 0. hpreact = embcat.matmul(W1); h = batchNorm(hpreact, p.bn, training).tanh().",
                  { mistake: "batchnorm-after-tanh" },
                );
            }
            fail(
              `forward(p, X, ${c.training}) should give tanh(batchNorm(emb.view(n, -1).matmul(W1), p.bn, ${c.training})).matmul(W2).add(b2); ${firstDifference(got, expected, "logits")}.`,
            );
          }
          const named = {
            C: p.C,
            W1: p.W1,
            W2: p.W2,
            b2: p.b2,
            bngain: p.bn.bngain,
            bnbias: p.bn.bnbias,
          };
          for (const [name, t] of Object.entries(named))
            if (!(t as Tensor).grad)
              fail(
                `After logits.sum().backward(), ${name}.grad is null: build the logits from the parameters with tensor operations (and from p.bn's gain and bias), so that gradients reach every one.`,
              );
        });
      },
      { numRuns: 40 },
    );
  },
);
