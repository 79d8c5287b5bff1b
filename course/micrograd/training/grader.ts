import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { type Case, confirmedExplanation, type Explanation } from "#kit/explanations.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, runScenario, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { MLP, seededRandom } from "#reference/micrograd/nn.ts";

type Target = typeof import("#solutions/06-training/train.ts");
const learner = loadTarget<Target>("train.ts", ["squaredError", "train", "xs", "ys"]);

const lectureX = [
  [2, 3, -1],
  [3, -1, 0.5],
  [0.5, 1, 1],
  [1, 1, -1],
];
const lectureY = [1, -1, -1, 1];

function plainLoss(model: MLP, inputs: readonly number[][], targets: readonly number[]): number {
  return inputs.reduce((sum, x, i) => sum + (model.call(x)[0]!.data - targets[i]!) ** 2, 0);
}

/** A data set: the lecture's, or another, so that a function that ignores its data fails. */
interface DataSet {
  readonly inputs: readonly (readonly number[])[];
  readonly targets: readonly number[];
}
const lectureData: DataSet = { inputs: lectureX, targets: lectureY };

const value = fc.integer({ min: -200, max: 200 }).map((v) => v / 100);
/** 2 to 5 examples of 3 inputs each, with targets in [-1, 1]. */
const dataSets: fc.Arbitrary<DataSet> = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    inputs: fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), {
      minLength: n,
      maxLength: n,
    }),
    targets: fc.array(
      value.map((v) => v / 2),
      { minLength: n, maxLength: n },
    ),
  }),
);

/**
 * The causes of a wrong squared-error loss this check can tell apart, each named only when a
 * second data set, with another number of examples, confirms it: on one data set of 3
 * examples, a mean over the examples cannot be told from a division by the 3 inputs.
 */
const lossExplanations: readonly Explanation[] = [
  {
    predict: (c) => c.expected / (c.counts["examples"] ?? Number.NaN),
    sentence: (c) =>
      `\`loss.data\` is ${formatNumber(c.got)}, the mean of the squared errors over the ${c.counts["examples"]} examples (a second data set, of another size, confirms it); the lecture's loss is their sum, ${formatNumber(c.expected)}. Drop the division by the number of examples.`,
    mistake: "mean-instead-of-sum",
  },
  {
    predict: (c) => c.expected / (c.counts["inputs"] ?? Number.NaN),
    sentence: (c) =>
      `\`loss.data\` is ${formatNumber(c.got)}, the sum of the squared errors (${formatNumber(c.expected)}) divided by ${c.counts["inputs"]}, the number of inputs of each example: the loss is the plain sum over the examples.`,
  },
];

/** The learner's loss on a second data set, with another number of examples than `first`. */
async function secondLossCase(first: DataSet, seed: number): Promise<Case> {
  const data: DataSet =
    first.inputs.length === 4
      ? {
          inputs: [
            [0.5, -1, 2],
            [1.5, 0.5, -0.5],
          ],
          targets: [0.3, -0.6],
        }
      : lectureData;
  const expected = plainLoss(
    new MLP(3, [4, 4, 1], seededRandom(seed)),
    data.inputs.map((x) => [...x]),
    data.targets,
  );
  const values = await runScenario(
    learner,
    `${setup("squaredError", seed, data)}\nconst loss = squaredError(model, xs, ys);`,
  );
  return {
    expected,
    got: Number(values["loss"]?.data),
    counts: { examples: data.inputs.length, inputs: 3 },
  };
}

/** The loss of each step, trained here with the kit's engine: the trajectory to match. */
function referenceTrajectory(
  seed: number,
  steps: number,
  learningRate: number,
  data: DataSet = lectureData,
): number[] {
  const model = new MLP(3, [4, 4, 1], seededRandom(seed));
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const predictions = data.inputs.map((x) => model.call([...x])[0]!);
    let loss = predictions[0]!.sub(data.targets[0]!).pow(2);
    for (let i = 1; i < predictions.length; i++)
      loss = loss.add(predictions[i]!.sub(data.targets[i]!).pow(2));
    model.zeroGrad();
    loss.backward();
    for (const p of model.parameters()) p.data -= learningRate * p.grad;
    losses.push(loss.data);
  }
  return losses;
}

function expectLosses(losses: unknown, steps: number): number[] {
  if (!Array.isArray(losses))
    fail(
      `\`train(...)\` should return the list of losses, but it returned ${describeValue(losses)}.`,
    );
  if (losses.length !== steps)
    fail(
      `\`train(...)\` with ${steps} steps should return ${steps} losses, but it returned ${losses.length}.`,
    );
  return losses.map((l, i) => expectNumber(l, `losses[${i}]`));
}

/**
 * A scenario's first lines: the learner's `name`, the kit's MLP, the lecture's data written out
 * (so that a check does not depend on the learner's own xs and ys, which "loss" checks), and
 * the model.
 */
const setup = (name: "squaredError" | "train", seed: number, data: DataSet = lectureData) =>
  `${importLearner(learner, name)}
import { MLP, seededRandom } from "#reference/micrograd/nn.ts";
const xs = ${JSON.stringify(data.inputs).replaceAll(",", ", ")};
const ys = ${JSON.stringify(data.targets).replaceAll(",", ", ")};
const model = new MLP(3, [4, 4, 1], seededRandom(${seed}));`;

check(
  "loss",
  "squaredError is the sum of (prediction - target)² and is differentiable",
  2,
  async () => {
    const { xs, ys } = await learner();
    if (
      JSON.stringify(xs) !== JSON.stringify(lectureX) ||
      JSON.stringify(ys) !== JSON.stringify(lectureY)
    ) {
      fail("`xs` and `ys` should be the lecture's four examples, unchanged.");
    }
    // Other data sets than the lecture's: the function must use the examples it is given.
    await property(fc.tuple(fc.nat(), dataSets), async ([seed, data]) => {
      const sum = plainLoss(
        new MLP(3, [4, 4, 1], seededRandom(seed)),
        data.inputs.map((x) => [...x]),
        data.targets,
      );
      const forward = `${setup("squaredError", seed, data)}
const loss = squaredError(model, xs, ys);`;
      await scenario(learner, forward, async ({ loss, xs, ys }) => {
        // The examples as the grader wrote them: a list consumed or edited is named first.
        expectInputsUnchanged("squaredError(model, xs, ys)", {
          xs: [xs, data.inputs],
          ys: [ys, data.targets],
        });
        const got = expectNumber(loss?.data, "loss.data");
        if (!isClose(got, sum, { rtol: 1e-12 })) {
          // A cause is named only once a second data set, with another count, confirms it.
          const first: Case = {
            expected: sum,
            got,
            counts: { examples: data.inputs.length, inputs: 3 },
          };
          const why = confirmedExplanation(
            [first, await secondLossCase(data, seed)],
            lossExplanations,
          );
          if (why) fail(why.sentence(first), why.mistake ? { mistake: why.mistake } : {});
        }
        expectClose(got, sum, "loss.data", { rtol: 1e-12 });
      });
      await scenario(learner, `${forward}\nloss.backward();`, ({ model }) => {
        if ((model as MLP).parameters().every((p) => p.grad === 0))
          fail(
            "After `loss.backward()` every parameter's grad is 0: the loss must be built from the model's outputs with Value operations, not plain numbers.",
          );
      });
    });
  },
);

check("zero-grad", "every step starts from zero gradients", 2, async () => {
  const truth = new MLP(3, [4, 4, 1], seededRandom(3));
  const loss = lectureX
    .map((x, i) => truth.call(x)[0]!.sub(lectureY[i]!).pow(2))
    .reduce((a, b) => a.add(b));
  loss.backward();
  const expected = truth.parameters().map((p) => p.grad);
  const stale = 1000;
  const code = `${setup("train", 3)}
for (const p of model.parameters()) p.grad = ${stale}; // left over from earlier
const losses = train(model, xs, ys, { steps: 1, learningRate: 0 });`;
  await scenario(learner, code, ({ model, losses }) => {
    expectLosses(losses, 1);
    (model as MLP).parameters().forEach((p, i) => {
      const grad = expectNumber(p.grad, `model.parameters()[${i}].grad`);
      if (isClose(grad, expected[i]! + stale, { rtol: 1e-9, atol: 1e-9 })) {
        fail(
          `After one step the gradients still carry the 1000 left from before (parameter ${i} has grad ${formatNumber(grad)}): gradients accumulate with +=, so zero every p.grad before loss.backward() in each step.`,
          { mistake: "missing-zero-grad" },
        );
      }
      if (grad !== 0)
        expectClose(grad, expected[i]!, `model.parameters()[${i}].grad`, {
          rtol: 1e-9,
          atol: 1e-12,
        });
    });
  });
});

check(
  "trajectory",
  "each step moves every parameter against its gradient (same losses as the kit's run)",
  2,
  async () => {
    // Two settings of every argument: the lecture's data, and another with other step counts.
    const other: DataSet = {
      inputs: [
        [1, -2, 0.5],
        [-1.5, 0.25, 2],
        [0.75, 1.25, -0.5],
      ],
      targets: [-0.5, 0.8, 0.1],
    };
    for (const [seed, steps, learningRate, data] of [
      [11, 20, 0.05, lectureData],
      [7, 13, 0.03, other],
    ] as const) {
      const expected = referenceTrajectory(seed, steps, learningRate, data);
      const code = `${setup("train", seed, data)}
const options = { steps: ${steps}, learningRate: ${learningRate} };
const losses = train(model, xs, ys, options);`;
      await scenario(learner, code, (values) => {
        expectInputsUnchanged("train(model, xs, ys, options)", {
          xs: [values["xs"], data.inputs],
          ys: [values["ys"], data.targets],
          options: [values["options"], { steps, learningRate }],
        });
        const losses = expectLosses(values["losses"], steps);
        // A loss that goes up has more than one cause (a step too large, a wrong gradient): it
        // is named uphill only when every loss is that of the run that steps with the gradient.
        if (losses.length > 1 && losses.at(-1)! > losses[0]! && expected.at(-1)! < expected[0]!) {
          const uphill = referenceTrajectory(seed, steps, -learningRate, data);
          if (losses.every((l, i) => isClose(l, uphill[i]!, { rtol: 1e-9 })))
            fail(
              `The loss went up, from ${formatNumber(losses[0]!)} to ${formatNumber(losses.at(-1)!)}, exactly as in a run that steps with the gradient: the update must go against the gradient, p.data += -learningRate * p.grad.`,
              { mistake: "update-uphill" },
            );
        }
        losses.forEach((l, i) => {
          expectClose(l, expected[i]!, `losses[${i}]`, {
            rtol: 1e-9,
            why:
              i === 0
                ? "The first loss is measured before any update."
                : "Each step: loss, zero grads, backward, update.",
          });
        });
      });
    }
  },
);

check("converges", "100 steps at learning rate 0.1 bring the loss below 0.01", 2, async () => {
  for (const seed of [1, 2, 3]) {
    const code = `${setup("train", seed)}
const losses = train(model, xs, ys, { steps: 100, learningRate: 0.1 });`;
    await scenario(learner, code, ({ model, losses }) => {
      expectLosses(losses, 100);
      const final = plainLoss(model, lectureX, lectureY);
      if (!(final < 0.01))
        fail(`After 100 steps the loss is ${formatNumber(final)}, not below 0.01.`);
    });
  }
});
