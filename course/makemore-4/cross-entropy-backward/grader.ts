import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { expectGradientTensor } from "#kit/gradient-tensor.ts";
import { repoRoot } from "#kit/paths.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { type NinjaForward, ninjaCase } from "#reference/makemore/ninja.ts";
import { gradientHeatmaps } from "#reference/plot/gradients.ts";
import { svgToPng } from "#reference/plot/png.ts";
import {
  crossEntropy,
  Generator,
  oneHot,
  randint,
  randn,
  softmax,
  Tensor,
} from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/29-cross-entropy-backward/cross-entropy.ts");
const learner = loadTarget<Target>("cross-entropy.ts", ["dlogits"]);
const imports = importLearner(learner, "dlogits");

const hint =
  "dlogits is softmax(logits, 1), minus 1 at each row's right answer Yb[i], all divided by n, the batch size: the loss is a mean over the rows.";

/** The mistakes this exercise names, each computed on the grader's own copy of the inputs. */
function wrongWays(logits: Tensor, Yb: Tensor) {
  const [n, classes] = logits.shape as [number, number];
  return [
    {
      mistake: "mean-gradient-not-divided-by-n" as const,
      value: () => softmax(logits, 1).sub(oneHot(Yb, classes)),
      message: `it is softmax minus the one-hot, not divided by n. The loss is the mean over the batch's ${n} rows, so every row's gradient is divided by n.`,
    },
    {
      mistake: "one-hot-not-subtracted" as const,
      value: () => softmax(logits, 1).div(n),
      message:
        "it is the softmax over n. The derivative of -log(p[y]) by the logits is the softmax minus 1 at its right answer: subtract the one-hot of Yb before dividing.",
    },
  ];
}

check(
  "dlogits",
  "dlogits equals autograd's gradient of the loss by the logits (allclose), for drawn models and batches",
  3,
  async () => {
    await learner();
    await property(
      fc.record({ seed: fc.nat(), n: fc.integer({ min: 2, max: 40 }) }),
      async ({ seed, n }) => {
        const mine = ninjaCase(seed, n);
        const code = `${imports}
import { ninjaCase } from "#reference/makemore/ninja.ts";
const { forward: f, grads } = ninjaCase(${seed}, ${n});
const byHand = dlogits(f.logits, f.Yb); // autograd's is grads.logits`;
        await scenario(learner, code, ({ byHand, f }) => {
          const given = f as NinjaForward;
          expectInputsUnchanged("dlogits(f.logits, f.Yb)", {
            "f.logits": [given.logits, mine.forward.logits],
            "f.Yb": [given.Yb, mine.forward.Yb],
          });
          expectGradientTensor("dlogits", "logits", byHand, mine.grads.logits, {
            wrong: wrongWays(mine.forward.logits, mine.forward.Yb),
            hint,
            termScale: 1 / n,
          });
        });
      },
      { numRuns: 5 },
    );
  },
);

check(
  "large-logits",
  "dlogits stays finite and right for logits far past exp's float32 range, and any number of classes",
  1,
  async () => {
    await learner();
    await property(
      fc.record({
        seed: fc.nat(),
        n: fc.integer({ min: 2, max: 16 }),
        classes: fc.integer({ min: 2, max: 30 }),
      }),
      async ({ seed, n, classes }) => {
        const make = () => {
          const g = new Generator().manualSeed(seed);
          // Scaled so that some logits pass 88, where float32's exp overflows to Infinity.
          const logits = randn([n, classes], { generator: g }).mul(100);
          return { logits, Yb: randint(0, classes, [n], { generator: g }) };
        };
        const { logits, Yb } = make();
        logits.requiresGrad_(true);
        crossEntropy(logits, Yb).backward();
        const expected = logits.grad!;
        const code = `${imports}
import { Generator, randint, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${seed});
const logits = randn([${n}, ${classes}], { generator: g }).mul(100);
const Yb = randint(0, ${classes}, [${n}], { generator: g });
const byHand = dlogits(logits, Yb);`;
        await scenario(learner, code, ({ byHand, logits: givenLogits, Yb: givenYb }) => {
          const pristine = make();
          expectInputsUnchanged("dlogits(logits, Yb)", {
            logits: [givenLogits, pristine.logits],
            Yb: [givenYb, pristine.Yb],
          });
          if (byHand instanceof Tensor && byHand.storage.some((v) => !Number.isFinite(Number(v))))
            fail(
              `dlogits has ${byHand.storage.some((v) => Number.isNaN(Number(v))) ? "NaN" : "Infinity"} in it for logits as large as ${Math.round(Math.max(...make().logits.storage))}: exp overflows float32 past 88. Subtract each row's max before exp (softmax(logits, 1) does): the softmax does not change, and nothing overflows.`,
              { mistake: "softmax-overflow" },
            );
          expectGradientTensor("dlogits", "logits", byHand, expected, {
            wrong: wrongWays(make().logits, Yb),
            hint,
            // Softmax minus one-hot, over n: near-certain rows cancel to far below 1/n's ulps.
            termScale: 1 / n,
          });
        });
      },
      { numRuns: 4 },
    );
  },
);

/** Where the lecture's picture goes, relative to where the learner runs the kit. */
const picture = join(repoRoot, "out", "ninja", "dlogits");

function drawPicture(mine: Tensor, autograd: Tensor): string {
  const rows = (t: Tensor) => t.tolist() as number[][];
  const differs = rows(mine).map((row, i) =>
    row.map((v, j) => {
      const w = autograd.get(i, j);
      return !(Math.abs(v - w) <= 1e-8 + 1e-5 * Math.abs(w));
    }),
  );
  const svg = gradientHeatmaps(
    { title: "your dlogits", values: rows(mine) },
    { title: "autograd's logits.grad", values: rows(autograd) },
    differs,
  );
  mkdirSync(join(picture, ".."), { recursive: true });
  writeFileSync(`${picture}.svg`, svg);
  writeFileSync(`${picture}.png`, svgToPng(svg));
  return relative(process.cwd(), `${picture}.svg`);
}

check(
  "lecture-batch",
  "on the lecture's seed and batch of 32, dlogits is allclose to autograd's (exact is not asked: a different order of float32 operations), drawn beside it",
  2,
  async () => {
    await learner();
    const mine = ninjaCase(2147483647, 32);
    const code = `${imports}
import { compareGradients, ninjaCase } from "#reference/makemore/ninja.ts";
const { forward: f, grads } = ninjaCase(2147483647, 32);
const byHand = dlogits(f.logits, f.Yb);
const comparison = compareGradients("logits", byHand, grads.logits); // approximate, as the lecture's`;
    await scenario(learner, code, ({ byHand }) => {
      const shown =
        byHand instanceof Tensor && byHand.shape.join() === mine.grads.logits.shape.join()
          ? ` Your dlogits beside autograd's, differences outlined in red: ${drawPicture(byHand, mine.grads.logits)} (and .png).`
          : "";
      try {
        expectGradientTensor("dlogits", "logits", byHand, mine.grads.logits, {
          wrong: wrongWays(mine.forward.logits, mine.forward.Yb),
          hint: hint + shown,
        });
      } catch (error) {
        if (error instanceof Error && shown && !error.message.includes(shown))
          error.message += shown;
        throw error;
      }
    });
  },
);
