import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { realNames } from "#kit/names.ts";
import { expectGradient } from "#kit/numeric.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { trainNeuralBigram } from "#reference/makemore/bigram.ts";
import { encodeBigrams, vocabulary } from "#reference/makemore/words.ts";
import {
  crossEntropy,
  Generator,
  noGrad,
  randint,
  randn,
  Tensor,
} from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/12-neural-bigram/neural.ts");
const learner = loadTarget<Target>("neural.ts", ["bigramLoss", "trainBigram"]);

function expectScalar(t: unknown, what: string): number {
  if (!(t instanceof Tensor))
    fail(
      `\`${what}\` should be a Tensor (so that backward() works), but it is ${describeValue(t)}.`,
    );
  if (t.numel() !== 1)
    fail(
      `\`${what}\` should be a single number, but it has shape [${t.shape.join(", ")}]: take the mean over the examples.`,
    );
  return expectNumber(t.item(), `${what}.item()`);
}

check("emma", "the lecture's first loss: 3.7693 on the five bigrams of emma", 1, async () => {
  const code = `${importLearner(learner, "bigramLoss")}
import { Generator, randn, tensor } from "#reference/tensor/index.ts";
const W = randn([27, 27], { generator: new Generator().manualSeed(2147483647), requiresGrad: true });
const xs = tensor([0, 5, 13, 13, 1]); // . e m m a
const ys = tensor([5, 13, 13, 1, 0]); // e m m a .
const loss = bigramLoss(W, xs, ys, 0);`;
  await scenario(learner, code, ({ loss }) => {
    expectClose(expectScalar(loss, "loss"), 3.7693, "loss.item()", { rtol: 1e-4 });
  });
});

const problem = fc.record({
  size: fc.integer({ min: 3, max: 8 }),
  n: fc.integer({ min: 1, max: 12 }),
  seed: fc.nat(),
  regularization: fc.constantFrom(0, 0.01, 0.1, 1),
});
type Problem = { size: number; n: number; seed: number; regularization: number };

/** The problem's W, xs and ys, made here the way problemCode makes them. */
function build({ size, n, seed }: Problem) {
  const g = new Generator().manualSeed(seed);
  const W = randn([size, size], { generator: g, dtype: "float64", requiresGrad: true });
  return {
    W,
    xs: randint(0, size, [n], { generator: g }),
    ys: randint(0, size, [n], { generator: g }),
  };
}

/** The problem as a scenario: W, xs and ys from one seeded generator, and the learner's loss. */
const problemCode = (p: Problem) =>
  `${importLearner(learner, "bigramLoss")}
import { Generator, randint, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${p.seed});
const W = randn([${p.size}, ${p.size}], { generator: g, dtype: "float64", requiresGrad: true });
const xs = randint(0, ${p.size}, [${p.n}], { generator: g });
const ys = randint(0, ${p.size}, [${p.n}], { generator: g });
const loss = bigramLoss(W, xs, ys, ${p.regularization});`;

check("loss", "the loss is the mean NLL plus λ·mean(W²)", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(problem, async (p) => {
    const { W, xs, ys } = build(p);
    const data = noGrad(() => crossEntropy(W.index(xs), ys).item());
    const penalty = noGrad(() => W.pow(2).mean().item());
    await scenario(learner, problemCode(p), (values) => {
      // W, xs and ys as the grader made them: a change made in place is named first.
      expectInputsUnchanged(`bigramLoss(W, xs, ys, ${p.regularization})`, {
        W: [values["W"], W],
        xs: [values["xs"], xs],
        ys: [values["ys"], ys],
      });
      const got = expectScalar(values["loss"], "loss");
      if (p.regularization > 0 && isClose(got, data, { rtol: 1e-6 })) {
        fail(
          `The loss is ${formatNumber(got)}, the NLL alone: the regularisation term λ·mean(W²) = ${formatNumber(p.regularization * penalty)} is missing. It pulls W towards 0, the way smoothing pulls counts towards uniform.`,
          { mistake: "no-regularization" },
        );
      }
      expectClose(got, data + p.regularization * penalty, "loss.item()", {
        rtol: 1e-6,
        why: "It is -mean(log probs[k, ys[k]]) + λ·mean(W²).",
      });
    });
  });
});

check("gradient", "backward gives the loss's gradient with respect to W", 2, async () => {
  const p: Problem = { size: 4, n: 6, seed: 5, regularization: 0.1 };
  const forward = problemCode(p);
  await scenario(learner, forward, ({ loss }) => {
    expectScalar(loss, "loss");
    if (!loss.requiresGrad)
      fail(
        "The loss does not require grad: build it with tensor operations on W (W created with requiresGrad: true), so that backward() reaches W.",
      );
  });
  // Finite differences through the learner's own loss, each on a fresh copy of the problem.
  const { bigramLoss } = await learner();
  const lossAt = (i: number, nudge: number) => {
    const { W, xs, ys } = build(p);
    W.storage[i]! += nudge;
    return noGrad(() => bigramLoss(W, xs, ys, p.regularization).item());
  };
  await scenario(learner, `${forward}\nloss.backward();`, ({ W }) => {
    const grad = (W as Tensor).grad;
    for (let i = 0; i < p.size * p.size; i++) {
      const h = 1e-6;
      expectGradient(
        grad?.storage[i],
        (lossAt(i, h) - lossAt(i, -h)) / (2 * h),
        `W[${Math.floor(i / p.size)}, ${i % p.size}]`,
      );
    }
  });
});

check(
  "training",
  "on 500 real names, 30 steps at learning rate 50 follow the kit's run and bring the loss under 2.6",
  2,
  async () => {
    // First a tiny run with every argument set otherwise (data, size, steps, rate, λ, seed): a
    // function that ignores one of them fails here, in a few milliseconds.
    {
      const words = ["abc", "ca", "bab", "cc"];
      const { stoi } = vocabulary(words);
      const { xs, ys } = encodeBigrams(words, stoi);
      const options = { steps: 5, learningRate: 3, regularization: 0.2, seed: 7 };
      const expected = trainNeuralBigram(xs, ys, stoi.size, options).losses;
      const code = `${importLearner(learner, "trainBigram")}
import { encodeBigrams, vocabulary } from "#reference/makemore/words.ts";
const words = ${JSON.stringify(words).replaceAll(",", ", ")};
const { stoi } = vocabulary(words);
const { xs, ys } = encodeBigrams(words, stoi);
const options = { steps: ${options.steps}, learningRate: ${options.learningRate}, regularization: ${options.regularization}, seed: ${options.seed} };
const result = trainBigram(xs, ys, stoi.size, options);`;
      await scenario(learner, code, (values) => {
        expectInputsUnchanged("trainBigram(xs, ys, stoi.size, options)", {
          xs: [values["xs"], xs],
          ys: [values["ys"], ys],
          options: [values["options"], options],
        });
        const losses: unknown = (values["result"] as { losses?: unknown } | undefined)?.losses;
        if (!Array.isArray(losses) || losses.length !== options.steps)
          fail(
            `\`trainBigram\` should return { W, losses } with ${options.steps} losses, but losses is ${describeValue(losses)}.`,
          );
        const matches = (run: readonly number[]) =>
          run.every((l, i) => isClose(losses[i], l, { rtol: 1e-4 }));
        // Named only when every loss is that of the run stepping with the gradient.
        if (
          !matches(expected) &&
          matches(
            trainNeuralBigram(xs, ys, stoi.size, {
              ...options,
              learningRate: -options.learningRate,
            }).losses,
          )
        )
          fail(
            `The losses are those of a run that steps with the gradient (from ${formatNumber(losses[0]!)} up to ${formatNumber(losses.at(-1)!)}): update against the gradient, W.data.add_(W.grad.mul(-learningRate)).`,
            { mistake: "update-uphill" },
          );
        losses.forEach((l, i) => {
          expectClose(l, expected[i]!, `result.losses[${i}]`, {
            rtol: 1e-4,
            why: "Every argument counts: W = randn([size, size]) from Generator().manualSeed(seed), then steps updates at learningRate on the loss of xs and ys with regularization λ.",
          });
        });
      });
    }
    // Fetches names.txt if need be (or fails saying how to get it) before the snippet reads it.
    // 500 names (3,517 bigrams) tell a wrong step from a right one as well as 2,000 did, and
    // the lecture's one-hot loss over 2,000 cost the learner's run over a second.
    const words = (await realNames()).slice(0, 500);
    const { stoi } = vocabulary(words);
    const { xs, ys } = encodeBigrams(words, stoi);
    const options = { steps: 30, learningRate: 50, regularization: 0.01, seed: 2147483647 };
    const expected = trainNeuralBigram(xs, ys, stoi.size, options).losses;
    const code = `${importLearner(learner, "trainBigram")}
import { loadWords } from "#reference/makemore/data.ts";
import { encodeBigrams, vocabulary } from "#reference/makemore/words.ts";
const words = loadWords().slice(0, 500);
const { stoi } = vocabulary(words);
const { xs, ys } = encodeBigrams(words, stoi);
const result = trainBigram(xs, ys, stoi.size, { steps: ${options.steps}, learningRate: ${options.learningRate}, regularization: ${options.regularization}, seed: ${options.seed} });`;
    await scenario(learner, code, ({ result }) => {
      const losses: unknown = result?.losses;
      if (!Array.isArray(losses) || losses.length !== options.steps)
        fail(
          `\`trainBigram\` should return { W, losses } with ${options.steps} losses, but losses is ${describeValue(losses)}.`,
        );
      expectClose(losses[0], expected[0]!, "result.losses[0]", {
        rtol: 1e-4,
        why: "The first loss comes from W = randn([27, 27]) drawn from Generator().manualSeed(seed), before any update.",
      });
      if (losses.at(-1)! > losses[0]!)
        fail(
          `The loss went up, from ${formatNumber(losses[0]!)} to ${formatNumber(losses.at(-1)!)}: update against the gradient, W.data.add_(W.grad.mul(-learningRate)), and set W.grad = null before each backward().`,
        );
      losses.forEach((l, i) => {
        expectClose(l, expected[i]!, `result.losses[${i}]`, {
          rtol: 1e-3,
          why: "Each step: loss, W.grad = null, backward, W.data.add_(W.grad.mul(-learningRate)).",
        });
      });
      if (!(losses.at(-1)! < 2.6))
        fail(
          `After ${options.steps} steps the loss is ${formatNumber(losses.at(-1)!)}, not under 2.6.`,
        );
    });
  },
);
