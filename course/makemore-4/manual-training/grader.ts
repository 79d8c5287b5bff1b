import fc from "fast-check";
import { check, fail, type MistakeId } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { isClose } from "#kit/expect.ts";
import { realNames } from "#kit/names.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { buildDataset, splitWords } from "#reference/makemore/mlp.ts";
import {
  initNinja,
  type NinjaParameters,
  type NinjaSizes,
} from "#reference/makemore/ninja-model.ts";
import {
  autogradGradients,
  type NinjaForward,
  type NinjaGradients,
  ninjaForward,
  ninjaParameterNames,
  trainNinjaWithAutograd,
} from "#reference/makemore/ninja-train.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import {
  Generator,
  noGrad,
  randint,
  randn,
  type Tensor,
  zerosLike,
} from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/31-manual-training/backward.ts");
const learner = loadTarget<Target>("backward.ts", ["manualBackward", "sgdUpdate"]);

type Name = (typeof ninjaParameterNames)[number];
/** The order the backward pass reaches the parameters in: the first wrong one is the one to fix. */
const backwardOrder: readonly Name[] = ["b2", "W2", "bnbias", "bngain", "b1", "W1", "C"];

const sizesOf = (hidden: number): NinjaSizes => ({
  vocabSize: 27,
  blockSize: 3,
  embedding: 10,
  hidden,
});
const sizesCode = (hidden: number) =>
  `{ vocabSize: 27, blockSize: 3, embedding: 10, hidden: ${hidden} }`;

/** Within float32 noise of another order of the same operations (the lecture's "approximate"). */
function close(a: Tensor, b: Tensor, tolerance = { rtol: 1e-4, atol: 1e-6 }): boolean {
  if (a.shape.join() !== b.shape.join()) return false;
  for (let i = 0; i < b.storage.length; i++)
    if (!isClose(a.storage[i]!, b.storage[i]!, tolerance)) return false;
  return true;
}

function maxDiff(a: Tensor, b: Tensor): { at: number; diff: number } {
  let at = 0;
  let diff = -1;
  for (let i = 0; i < b.storage.length; i++) {
    const d = Math.abs(a.storage[i]! - b.storage[i]!);
    if (!(d <= diff)) [at, diff] = [i, d];
  }
  return { at, diff };
}

interface Variant {
  readonly overN?: boolean;
  readonly tanhFromInput?: boolean;
  readonly bessel?: boolean;
  readonly dCAssigned?: boolean;
}

/** The backward with one known mistake made, to tell a learner's wrong gradient apart from others. */
function gradientsWith(p: NinjaParameters, f: NinjaForward, Xb: Tensor, Yb: Tensor, v: Variant) {
  return noGrad(() => {
    const n = Xb.shape[0]!;
    const dlogits = f.logits.softmax(1);
    for (let i = 0; i < n; i++) dlogits.set(dlogits.get(i, Yb.get(i)) - 1, i, Yb.get(i));
    if (v.overN !== false) dlogits.div_(n);
    const dh = dlogits.matmul(p.W2.T);
    const t = v.tanhFromInput ? f.hpreact : f.h;
    const dhpreact = t.mul(t).neg().add(1).mul(dh);
    const factor = v.bessel === false ? 1 : n / (n - 1);
    const dhprebn = dhpreact
      .mul(n)
      .sub(dhpreact.sum(0))
      .sub(f.bnraw.mul(factor).mul(dhpreact.mul(f.bnraw).sum(0)))
      .mul(p.bngain.mul(f.bnvarInv).div(n));
    const demb = dhprebn.matmul(p.W1.T).view(f.emb.shape);
    const dC = zerosLike(p.C);
    const width = p.C.shape[1]!;
    const positions = f.emb.shape[1]!;
    for (let k = 0; k < n; k++)
      for (let j = 0; j < positions; j++)
        for (let d = 0; d < width; d++) {
          const row = Xb.get(k, j);
          const value = demb.get(k, j, d);
          dC.set(v.dCAssigned ? value : dC.get(row, d) + value, row, d);
        }
    return {
      b2: dlogits.sum(0),
      bnbias: dhpreact.sum(0, true),
      W1: f.embcat.T.matmul(dhprebn),
      C: dC,
    };
  });
}

/** Fails unless `grads` is an object of seven tensors, each its parameter's shape; names the known shape slips. */
function expectGradientShapes(grads: unknown, expected: NinjaGradients, n: number): void {
  if (typeof grads !== "object" || grads === null)
    fail(
      `manualBackward should return { C, W1, b1, W2, b2, bngain, bnbias }, but it returned ${describeValue(grads)}.`,
    );
  const got = grads as Record<string, unknown>;
  for (const name of ninjaParameterNames) {
    const g = got[name] as Tensor | undefined;
    if (!g || typeof g !== "object" || !("shape" in g))
      fail(
        `The gradient for ${name} is missing: manualBackward returned ${describeValue(got[name])} under the key ${name}.`,
      );
    const want = expected[name].shape;
    if (g.shape.join() === want.join()) continue;
    const shown = `[${g.shape.join(", ")}]`;
    if ((name === "bngain" || name === "bnbias") && g.shape.join() === want.slice(1).join())
      fail(
        `The gradient for ${name} has shape ${shown}, ${name}'s is [${want.join(", ")}]: sum over the batch with keepdim, dhpreact.sum(0, true). The update would broadcast ${shown} onto [${want.join(", ")}] without a word, so a missing keepdim hides there; here it must not.`,
        { mistake: "sum-without-keepdim" },
      );
    if ((name === "b1" || name === "b2") && g.shape.join() === String(n))
      fail(
        `The gradient for ${name} has shape ${shown}, one number per example, but ${name} has shape [${want.join(", ")}]: a bias is added to every row, so its gradient sums the rows, over dim 0 (the batch), not dim 1.`,
        { mistake: "bias-grad-summed-over-wrong-dim" },
      );
    fail(
      `The gradient for ${name} has shape ${shown}, but ${name} has shape [${want.join(", ")}]: each gradient is the shape of its parameter.`,
    );
  }
}

function expectGradients(
  grads: NinjaGradients,
  expected: NinjaGradients,
  diagnose?: (name: Name) => void,
  where = "",
): void {
  const right: Name[] = [];
  for (const name of backwardOrder) {
    if (close(grads[name], expected[name])) {
      right.push(name);
      continue;
    }
    diagnose?.(name);
    const { at, diff } = maxDiff(grads[name], expected[name]);
    const index =
      expected[name].shape.length === 2
        ? `[${Math.floor(at / expected[name].shape[1]!)}, ${at % expected[name].shape[1]!}]`
        : `[${at}]`;
    fail(
      `${where}The gradient for ${name} is not autograd's: at ${index} it is ${formatNumber(grads[name].storage[at]!)}, autograd's ${formatNumber(expected[name].storage[at]!)} (maxdiff ${formatNumber(diff)}).${right.length ? ` Those for ${right.join(", ")} are right, so look at the steps between them and ${name}.` : " Start at dlogits: softmax, minus 1 at each target, divided by n."}`,
    );
  }
}

const explain: Record<string, { mistake: MistakeId; message: string }> = {
  overN: {
    mistake: "mean-gradient-not-divided-by-n",
    message:
      "Every gradient is n times autograd's (b2's first of all): the loss is the mean over the n examples, so dlogits is (softmax minus the one-hot) divided by n.",
  },
  tanhFromInput: {
    mistake: "tanh-derivative-from-input",
    message:
      "The gradients from bnbias on match a tanh derivative taken from its input, 1 - hpreact²: tanh's derivative is 1 - h², with h = tanh(hpreact), the output (f.h).",
  },
  bessel: {
    mistake: "variance-divided-by-n",
    message:
      "W1's gradient matches BatchNorm's backward without Bessel's correction (b1's cannot show it: BatchNorm takes the mean out, so db1 sums to about 0 either way): the forward pass divides the variance by n - 1, so the last term of dhprebn carries n / (n - 1).",
  },
  dCAssigned: {
    mistake: "dc-assigned-not-accumulated",
    message:
      "C's gradient keeps only the last place each character was looked up: a character appears many times in a batch, and its row of dC gets every one of them added (+=, or indexAdd_), not assigned.",
  },
};

check(
  "gradients",
  "manualBackward gives autograd's seven gradients, each its parameter's shape (drawn seeds, sizes and batches)",
  4,
  async () => {
    await learner();
    const input = fc.record({
      seed: fc.nat(),
      hidden: fc.constantFrom(64, 200, 24, 45),
      n: fc.integer({ min: 8, max: 40 }).filter((n) => n !== 27 && n !== 24),
    });
    await property(
      input,
      async ({ seed, hidden, n }) => {
        // The grader's own copy of the same draws, and autograd's gradients, before the learner's code runs.
        const g = new Generator().manualSeed(seed);
        const p = initNinja(sizesOf(hidden), g, g);
        const Xb = randint(0, 27, [n, 3], { generator: g });
        const Yb = randint(0, 27, [n], { generator: g });
        const expected = autogradGradients(p, Xb, Yb);
        const f = noGrad(() => ninjaForward(p, Xb, Yb));
        const code = `${importLearner(learner, "manualBackward")}
import { initNinja } from "#reference/makemore/ninja-model.ts";
import { ninjaForward } from "#reference/makemore/ninja-train.ts";
import { Generator, noGrad, randint } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${seed});
const p = initNinja(${sizesCode(hidden)}, g, g);
const Xb = randint(0, 27, [${n}, 3], { generator: g });
const Yb = randint(0, 27, [${n}], { generator: g });
const f = noGrad(() => ninjaForward(p, Xb, Yb));
const grads = noGrad(() => manualBackward(p, f, Xb, Yb));
const again = noGrad(() => manualBackward(p, f, Xb, Yb)); // the same call: the same answer`;
        await scenario(
          learner,
          code,
          ({ p: after, f: givenF, Xb: givenXb, Yb: givenYb, grads, again }) => {
            // Before anything is judged: a changed input would make the second call's answer differ.
            expectInputsUnchanged("manualBackward(p, f, Xb, Yb)", {
              f: [givenF, f],
              Xb: [givenXb, Xb],
              Yb: [givenYb, Yb],
            });
            expectGradientShapes(grads, expected, n);
            expectGradientShapes(again, expected, n);
            for (const name of ninjaParameterNames) {
              // One tensor returned by both calls, holding something other than this batch's gradient.
              if (again[name] === grads[name] && !close(grads[name], expected[name]))
                fail(
                  `Called twice, manualBackward returns the same tensor for ${name}, and it does not hold this batch's gradient: it keeps a gradient from call to call (a tensor made once, outside the function, and added to). Start every call from zeros, as the notebook's dC = torch.zeros_like(C) inside the loop.`,
                  { mistake: "missing-zero-grad" },
                );
              if (close(again[name], grads[name])) continue;
              const grew = noGrad(() => (again[name] as Tensor).sub(grads[name]));
              fail(
                close(grew, expected[name])
                  ? `Called twice on the same batch, manualBackward gives two answers for ${name}, and the second is the first plus this batch's gradient: it keeps a gradient from call to call (a tensor made once, outside the function, and added to). Start every call from zeros, as the notebook's dC = torch.zeros_like(C) inside the loop.`
                  : `Called twice on the same batch, manualBackward gives two answers for ${name}: it must depend on its arguments alone.`,
                close(grew, expected[name]) ? { mistake: "missing-zero-grad" } : {},
              );
            }
            const changed = ninjaParameterNames.find(
              (name) => !close((after as NinjaParameters)[name], p[name], { rtol: 0, atol: 0 }),
            );
            if (changed)
              fail(
                `manualBackward changed p.${changed}: it computes gradients; the update is sgdUpdate's.`,
              );
            expectGradients(grads, expected, (name) => {
              for (const [knob, value] of [
                ["overN", false],
                ["tanhFromInput", true],
                ["bessel", false],
                ["dCAssigned", true],
              ] as const) {
                const variant = gradientsWith(p, f, Xb, Yb, { [knob]: value });
                const key = name as keyof typeof variant;
                if (key in variant && close(grads[name], variant[key]))
                  fail(explain[knob]!.message, { mistake: explain[knob]!.mistake });
              }
            });
          },
        );
      },
      { numRuns: 8 },
    );
  },
);

check(
  "update",
  "sgdUpdate moves every parameter by -learningRate times its gradient (drawn gradients and rates)",
  1,
  async () => {
    await learner();
    const input = fc.record({
      seed: fc.nat(),
      rate: fc.double({ min: 0.001, max: 1, noNaN: true }).map((r) => Number(r.toPrecision(3))),
    });
    await property(
      input,
      async ({ seed, rate }) => {
        const g = new Generator().manualSeed(seed);
        const before = initNinja(sizesOf(64), g, g);
        const grads = Object.fromEntries(
          ninjaParameterNames.map((name) => [name, randn(before[name].shape, { generator: g })]),
        ) as unknown as NinjaGradients;
        const step = (sign: number) =>
          Object.fromEntries(
            ninjaParameterNames.map((name) => [
              name,
              noGrad(() => before[name].sub(grads[name].mul(sign * rate))),
            ]),
          ) as Record<Name, Tensor>;
        const expected = step(1);
        const uphill = step(-1);
        const code = `${importLearner(learner, "sgdUpdate")}
import { initNinja } from "#reference/makemore/ninja-model.ts";
import { Generator, noGrad, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${seed});
const p = initNinja(${sizesCode(64)}, g, g);
const grads = Object.fromEntries(Object.entries(p).map(([name, t]) => [name, randn(t.shape, { generator: g })]));
noGrad(() => sgdUpdate(p, grads, ${rate}));`;
        await scenario(learner, code, ({ p, grads: givenGrads }) => {
          expectInputsUnchanged(`sgdUpdate(p, grads, ${rate})`, { grads: [givenGrads, grads] });
          for (const name of ninjaParameterNames) {
            const got = (p as NinjaParameters)[name];
            if (close(got, expected[name], { rtol: 1e-5, atol: 1e-7 })) continue;
            if (close(got, uphill[name], { rtol: 1e-5, atol: 1e-7 }))
              fail(
                `${name} moved with its gradient, uphill: the update is p.data += -learningRate * grad, so that the loss goes down.`,
                { mistake: "update-uphill" },
              );
            if (close(got, before[name], { rtol: 0, atol: 0 }))
              fail(`sgdUpdate left ${name} as it was: every one of the seven parameters moves.`);
            fail(
              `After sgdUpdate(p, grads, ${rate}), ${name} is not ${name} - ${rate} * grad: element 0 is ${formatNumber(got.storage[0]!)}, expected ${formatNumber(expected[name].storage[0]!)}.`,
            );
          }
        });
      },
      { numRuns: 10 },
    );
  },
);

let small: { X: Tensor; Y: Tensor } | undefined;
/** The grader's own copy of what the training scenario trains on: the first 500 training names. */
async function smallSet() {
  if (small) return small;
  const words = await realNames();
  small = buildDataset(splitWords(words, 42).train.slice(0, 500), vocabulary(words).stoi, 3);
  return small;
}

check(
  "training",
  "short runs under no-grad follow autograd's run from the same seed, and your gradients are autograd's where they got to (500 real names)",
  3,
  async () => {
    await learner();
    const data = await smallSet();
    const input = fc.record({
      seed: fc.nat(),
      steps: fc.integer({ min: 20, max: 60 }),
      hidden: fc.constantFrom(64, 32, 50),
    });
    await property(
      fc.noShrink(input),
      async ({ seed, steps, hidden }) => {
        // The kit's autograd run from the same seed, before the learner's code runs.
        const g = new Generator().manualSeed(seed);
        const kit = await trainNinjaWithAutograd(
          initNinja(sizesOf(hidden), g, g),
          data.X,
          data.Y,
          g,
          {
            steps,
          },
        );
        const code = `${importLearner(learner, "manualBackward", "sgdUpdate")}
import { loadWords } from "#reference/makemore/data.ts";
import { buildDataset, splitWords } from "#reference/makemore/mlp.ts";
import { initNinja } from "#reference/makemore/ninja-model.ts";
import { autogradGradients, ninjaForward, trainNinja } from "#reference/makemore/ninja-train.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Generator, noGrad, randint } from "#reference/tensor/index.ts";
const words = loadWords();
const { X, Y } = buildDataset(splitWords(words, 42).train.slice(0, 500), vocabulary(words).stoi, 3);
const g = new Generator().manualSeed(${seed});
const p = initNinja(${sizesCode(hidden)}, g, g);
// ${steps} steps of minibatches of 32 from g, under no-grad, with your backward and update
const losses = await trainNinja(p, X, Y, g, { steps: ${steps}, backward: manualBackward, update: sgdUpdate });
// At step ${steps}: your gradients and autograd's on the next minibatch
const ix = randint(0, X.shape[0], [32], { generator: g });
const Xb = X.index(ix);
const Yb = Y.index(ix);
const grads = noGrad(() => manualBackward(p, ninjaForward(p, Xb, Yb), Xb, Yb));
const expected = autogradGradients(p, Xb, Yb);`;
        await scenario(learner, code, ({ losses, grads, expected }) => {
          const mine = losses as number[];
          const first = mine.findIndex(
            (loss, i) => !isClose(loss, kit[i]!, { rtol: 0, atol: 1e-3 }),
          );
          if (first >= 0)
            fail(
              `Step ${first}'s loss is ${formatNumber(mine[first]!)}, autograd's run from the same seed has ${formatNumber(kit[first]!)}${first > 0 ? ` (the steps before agree, so the update after step ${first - 1} went wrong)` : ""}.${mine.at(-1)! > mine[0]! ? " Your loss rose over the run." : ""}`,
            );
          expectGradientShapes(grads, expected, 32);
          expectGradients(
            grads,
            expected,
            undefined,
            `At step ${steps}, on the parameters your run reached: `,
          );
        });
      },
      { numRuns: 4 },
    );
  },
);
