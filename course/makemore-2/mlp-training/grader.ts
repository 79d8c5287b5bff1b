import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, isClose } from "#kit/expect.ts";
import { realNames } from "#kit/names.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import {
  buildDataset,
  initMlp,
  lectureSizes,
  type MlpParameters,
  mlpLoss,
  parameterList,
  splitLoss,
  splitWords,
  stepDecay,
  trainMlp,
} from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Generator, randint, type Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/18-mlp-training/train.ts");
const learner = loadTarget<Target>("train.ts", ["train", "learningRate"]);

/** The long run is graded only once the short ones match, so a slow wrong loop cannot eat the time limit. */
let trajectoryMatched = false;

let small: { X: Tensor; Y: Tensor } | undefined;
/** The grader's own copy of what the trajectory scenario trains on: the first 500 training names. */
async function smallSet() {
  if (small) return small;
  const words = await realNames();
  small = buildDataset(splitWords(words, 42).train.slice(0, 500), vocabulary(words).stoi, 3);
  return small;
}

/** A scenario on names.txt, loaded as a learner would load it beside their train.ts. */
function script(extraImports: readonly string[], body: string): string {
  return [
    importLearner(learner, "train"),
    'import { loadWords } from "#reference/makemore/data.ts";',
    `import { ${["buildDataset", "initMlp", "lectureSizes", ...extraImports, "splitWords"].join(", ")} } from "#reference/makemore/mlp.ts";`,
    'import { vocabulary } from "#reference/makemore/words.ts";',
    'import { Generator } from "#reference/tensor/index.ts";',
    "const words = loadWords();",
    "const { stoi } = vocabulary(words);",
    body,
  ].join("\n");
}

const trajectoryCode = (seed: number, steps: number) =>
  script(
    [],
    `const { X, Y } = buildDataset(splitWords(words, 42).train.slice(0, 500), stoi, 3);
const g = new Generator().manualSeed(${seed});
const p = initMlp(lectureSizes, g); // C, W1, b1, W2, b2 in the lecture's order
const losses = train(p, X, Y, g, ${steps});`,
  );

const parameterNames = ["C", "W1", "b1", "W2", "b2"] as const;

/** The kit's run from the same seed: its losses and the parameters it leaves. */
async function kitRun(
  X: Tensor,
  Y: Tensor,
  seed: number,
  steps: number,
  learningRate?: (step: number, steps: number) => number,
): Promise<{ losses: number[]; p: MlpParameters }> {
  const g = new Generator().manualSeed(seed);
  const p = initMlp(lectureSizes, g);
  const losses = await trainMlp(p, X, Y, g, {
    steps,
    ...(learningRate ? { learningRate } : {}),
  });
  return { losses, p };
}

/** What a loop that never clears the gradients gives: each update carries every earlier step's gradient. */
function runWithoutZeroGrad(X: Tensor, Y: Tensor, seed: number, steps: number): number[] {
  const g = new Generator().manualSeed(seed);
  const p = initMlp(lectureSizes, g);
  const params = parameterList(p);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const ix = randint(0, X.shape[0]!, [32], { generator: g });
    const loss = mlpLoss(p, X.index(ix), Y.index(ix));
    loss.backward();
    const lr = stepDecay(step, steps);
    for (const q of params) q.data.add_(q.grad!.mul(-lr));
    losses.push(loss.item());
  }
  return losses;
}

const sameLosses = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => isClose(v, b[i]!, { rtol: 1e-4 }));

check(
  "decay",
  "the learning rate is 0.1 for the first half of the steps, then 0.01",
  1,
  async () => {
    for (const [step, steps, expected] of [
      [0, 100, 0.1],
      [49, 100, 0.1],
      [50, 100, 0.01],
      [99, 100, 0.01],
      [99_999, 200_000, 0.1],
      [100_000, 200_000, 0.01],
    ] as const) {
      const code = `${importLearner(learner, "learningRate")}
const lr = learningRate(${step}, ${steps}); // should be ${expected}`;
      await scenario(learner, code, ({ lr }) => {
        expectClose(lr, expected, `learningRate(${step}, ${steps})`);
      });
    }
  },
);

check(
  "trajectory",
  "short runs on 500 real names, drawn seeds and step counts: the kit's losses, step for step, and its parameters",
  3,
  async () => {
    // Loaded before any drawn input, so that a file that does not load is reported as such.
    await learner();
    const tr = await smallSet();
    await property(
      // No shrinking: every candidate is a training run, and the first failing one says enough.
      fc.noShrink(fc.record({ seed: fc.nat(), steps: fc.integer({ min: 10, max: 40 }) })),
      async ({ seed, steps }) => {
        const initial = initMlp(lectureSizes, new Generator().manualSeed(seed));
        const expected = await kitRun(tr.X, tr.Y, seed, steps);
        await scenario(learner, trajectoryCode(seed, steps), async ({ losses, p }) => {
          if (!Array.isArray(losses) || losses.length !== steps)
            fail(
              `\`train(p, X, Y, g, ${steps})\` should return ${steps} losses, one a step, but it returned ${describeValue(losses)}.`,
            );
          if (!sameLosses(losses, expected.losses)) {
            const fullLoss = splitLoss(initial, tr.X, tr.Y);
            if (isClose(losses[0]!, fullLoss, { rtol: 1e-4 })) {
              fail(
                `The first loss, ${formatNumber(losses[0]!)}, is the loss on all ${tr.X.shape[0]} examples: each step should look at a minibatch of 32, X.index(ix) with ix = randint(0, n, [32], { generator: g }). A full-batch step is exact but thousands of times slower.`,
                { mistake: "full-batch-every-step" },
              );
            }
            if (sameLosses(losses, runWithoutZeroGrad(tr.X, tr.Y, seed, steps))) {
              fail(
                `Step 2's loss is ${formatNumber(losses[2]!)} instead of ${formatNumber(expected.losses[2]!)}, as in a run whose gradients are never cleared: backward() adds to .grad, so without clearing, every update also carries the gradients of all the steps before it. Set every parameter's grad to null (for (const q of parameters) q.grad = null) before loss.backward(), in every step.`,
                { mistake: "missing-zero-grad" },
              );
            }
            if (sameLosses(losses, (await kitRun(tr.X, tr.Y, seed, steps, () => 0.1)).losses)) {
              fail(
                `The losses match a run that never lowers the learning rate: from step ${Math.ceil(steps / 2)} of ${steps} on, the rate should be 0.01. Use learningRate(step, steps) in the update.`,
                { mistake: "decay-never-applied" },
              );
            }
            const before = parameterList(initial);
            const untouched = parameterList(p).findIndex((t, k) =>
              t.storage.every((v, i) => v === before[k]!.storage[i]),
            );
            if (untouched >= 0)
              fail(
                `After ${steps} steps ${parameterNames[untouched]} is exactly as initMlp made it: every step must update all five parameters, C, W1, b1, W2 and b2 (for (const q of [p.C, p.W1, p.b1, p.W2, p.b2]) q.data.add_(q.grad!.mul(-lr))).`,
              );
            const first = losses.findIndex(
              (v, i) => !isClose(v, expected.losses[i]!, { rtol: 1e-4 }),
            );
            fail(
              `Step ${first}'s loss should be ${formatNumber(expected.losses[first]!)}, but it is ${formatNumber(losses[first]!)}. Each step: ix from randint(0, n, [32], { generator: g }), the loss of that minibatch, grads set to null, backward, p.data.add_(p.grad.mul(-lr)).`,
            );
          }
          // The losses alone could be copied from somewhere; the parameters are what training leaves.
          const mine = parameterList(p);
          parameterList(expected.p).forEach((kit, k) => {
            const got = mine[k]!.storage;
            const want = kit.storage;
            const at = [...want].findIndex(
              (v, i) => !isClose(got[i] ?? Number.NaN, v, { rtol: 1e-4, atol: 1e-5 }),
            );
            if (got.length !== want.length || at >= 0)
              fail(
                `The losses match the kit's run, but after ${steps} steps the parameters do not: ${parameterNames[k]}'s element ${Math.max(at, 0)} is ${formatNumber(got[Math.max(at, 0)] ?? Number.NaN)}, the kit's ${formatNumber(want[Math.max(at, 0)]!)}. train changes p in place: every step updates all five parameters, the last step included.`,
              );
          });
        });
      },
      { numRuns: 6 },
    );
    trajectoryMatched = true;
  },
);

check(
  "dev-loss",
  "a budget of 4,000 steps brings the dev loss under 2.70 (seed 2147483647)",
  2,
  async () => {
    await learner();
    if (!trajectoryMatched)
      fail("Not run yet: the 4,000-step run is graded once the short runs above match.");
    // Fetched (or its absence explained) before the scenario loads it as a learner would.
    await realNames();
    const code = script(
      ["splitLoss"],
      `const { train: trainWords, dev: devWords } = splitWords(words, 42);
const tr = buildDataset(trainWords, stoi, 3);
const dev = buildDataset(devWords, stoi, 3);
const g = new Generator().manualSeed(2147483647);
const p = initMlp(lectureSizes, g);
train(p, tr.X, tr.Y, g, 4000);
const devLoss = splitLoss(p, dev.X, dev.Y); // the kit's run reaches 2.63`,
    );
    await scenario(learner, code, ({ devLoss }) => {
      if (!(devLoss < 2.7))
        fail(
          `After 4,000 steps the dev loss is ${formatNumber(devLoss)}, not under 2.70 (the kit's run reaches 2.63).`,
        );
    });
  },
);
