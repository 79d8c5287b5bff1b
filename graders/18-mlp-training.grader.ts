import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, isClose } from "#kit/expect.ts";
import { realNames } from "#kit/names.ts";
import { loadTarget } from "#kit/target.ts";
import {
  buildDataset,
  initMlp,
  lectureSizes,
  splitLoss,
  splitWords,
  trainMlp,
} from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Generator, type Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("../solutions/18-mlp-training/train.ts");
const learner = loadTarget<Target>("18-mlp-training", "train.ts", ["train", "learningRate"]);

/** The long run is graded only once the short one matches, so a slow wrong loop cannot eat the time limit. */
let trajectoryMatched = false;

let data:
  | {
      train: { X: Tensor; Y: Tensor };
      dev: { X: Tensor; Y: Tensor };
      small: { X: Tensor; Y: Tensor };
    }
  | undefined;
async function splits() {
  if (data) return data;
  const words = await realNames();
  const { stoi } = vocabulary(words);
  const parts = splitWords(words, 42);
  data = {
    train: buildDataset(parts.train, stoi, 3),
    dev: buildDataset(parts.dev, stoi, 3),
    small: buildDataset(parts.train.slice(0, 500), stoi, 3),
  };
  return data;
}

check(
  "decay",
  "the learning rate is 0.1 for the first half of the steps, then 0.01",
  1,
  async () => {
    const { learningRate } = await learner();
    for (const [step, steps, expected] of [
      [0, 100, 0.1],
      [49, 100, 0.1],
      [50, 100, 0.01],
      [99, 100, 0.01],
      [99_999, 200_000, 0.1],
      [100_000, 200_000, 0.01],
    ] as const) {
      expectClose(learningRate(step, steps), expected, `learningRate(${step}, ${steps})`);
    }
  },
);

check(
  "trajectory",
  "40 steps on 500 real training names follow the kit's run: minibatches of 32 from g, step decay",
  3,
  async () => {
    const { train } = await learner();
    const { small: tr } = await splits();
    const steps = 40;
    const g = new Generator().manualSeed(2147483647);
    const p = initMlp(lectureSizes, g);
    const code =
      "const g = new Generator().manualSeed(2147483647);\nconst p = initMlp(lectureSizes, g); // C, W1, b1, W2, b2 in the lecture's order\ntrain(p, X, Y, g, 40); // X, Y: buildDataset of the first 500 training names";
    const losses = train(p, tr.X, tr.Y, g, steps);
    if (!Array.isArray(losses) || losses.length !== steps)
      fail(
        `\`train(p, X, Y, g, ${steps})\` should return ${steps} losses, but it returned ${describeValue(losses)}.`,
        { code },
      );
    const kit = async (rate?: (s: number, n: number) => number) => {
      const g2 = new Generator().manualSeed(2147483647);
      const p2 = initMlp(lectureSizes, g2);
      return trainMlp(p2, tr.X, tr.Y, g2, { steps, ...(rate ? { learningRate: rate } : {}) });
    };
    const expected = await kit();
    const same = (a: readonly number[], b: readonly number[], from = 0, to = steps) =>
      a.slice(from, to).every((v, i) => isClose(v, b[from + i]!, { rtol: 1e-4 }));
    if (!same(losses, expected)) {
      const fullLoss = splitLoss(
        initMlp(lectureSizes, new Generator().manualSeed(2147483647)),
        tr.X,
        tr.Y,
      );
      if (isClose(losses[0]!, fullLoss, { rtol: 1e-4 })) {
        fail(
          `The first loss, ${formatNumber(losses[0]!)}, is the loss on all ${tr.X.shape[0]} examples: each step should look at a minibatch of 32, X.index(ix) with ix = randint(0, n, [32], { generator: g }). A full-batch step is exact but thousands of times slower.`,
          { code, mistake: "full-batch-every-step" },
        );
      }
      if (same(losses, await kit(() => 0.1))) {
        fail(
          `The losses match a run that never lowers the learning rate: from step ${steps / 2} on, the rate should be 0.01. Use learningRate(step, steps) in the update.`,
          { code, mistake: "decay-never-applied" },
        );
      }
      const first = losses.findIndex((v, i) => !isClose(v, expected[i]!, { rtol: 1e-4 }));
      fail(
        `Step ${first}'s loss should be ${formatNumber(expected[first]!)}, but it is ${formatNumber(losses[first]!)}. Each step: ix from randint(0, n, [32], { generator: g }), the loss of that minibatch, grads set to null, backward, p.data.add_(p.grad.mul(-lr)).`,
        { code },
      );
    }
    trajectoryMatched = true;
  },
);

check("dev-loss", "4,000 steps bring the dev loss under 2.70", 2, async () => {
  const { train } = await learner();
  if (!trajectoryMatched)
    fail("Not run yet: the 4,000-step run is graded once the 40-step trajectory above matches.");
  const { train: tr, dev } = await splits();
  const g = new Generator().manualSeed(2147483647);
  const p = initMlp(lectureSizes, g);
  train(p, tr.X, tr.Y, g, 4000);
  const loss = splitLoss(p, dev.X, dev.Y);
  if (!(loss < 2.7))
    fail(
      `After 4,000 steps the dev loss is ${formatNumber(loss)}, not under 2.70 (the kit's run reaches 2.64).`,
      {
        code: "const g = new Generator().manualSeed(2147483647);\nconst p = initMlp(lectureSizes, g);\ntrain(p, Xtr, Ytr, g, 4000);",
      },
    );
});
