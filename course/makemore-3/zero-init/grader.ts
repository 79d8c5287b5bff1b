import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { isClose } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { initMlp, type MlpParameters, type MlpSizes, mlpLoss } from "#reference/makemore/model.ts";
import { Generator, noGrad, randint, Tensor } from "#reference/tensor/index.ts";

import { scenarioValues } from "../tensor-checks.ts";

type Target = typeof import("#solutions/26-zero-init/zero-init.ts");
const learner = loadTarget<Target>("zero-init.ts", [
  "zeroMlp",
  "nonZeroGradients",
  "movedAfter",
  "predictMoved",
]);

const order = ["C", "W1", "b1", "W2", "b2"] as const;
type Name = (typeof order)[number];
const all: Name[] = [...order];

/** Why each parameter's gradient is, or is not, zero: the chain rule, one line a parameter. */
const rule: Record<Name, string> = {
  b2: "db2 = Σ dlogits, and dlogits = softmax − one-hot is never all zero: b2 learns from the first step, whatever else is zero",
  W2: "dW2 = hᵀ · dlogits, zero while the hidden activations h = tanh(embcat · W1 + b1) are all zero (b1 zero and C or W1 zero)",
  b1: "db1 = Σ dh ⊙ (1 − h²) with dh = dlogits · W2ᵀ: non-zero as soon as W2 is",
  W1: "dW1 = embcatᵀ · dhpreact: non-zero when both the embeddings C and W2 (through dh) are",
  C: "dC gathers demb = dhpreact · W1ᵀ: non-zero when both W1 and W2 are",
};

const listed = (names: readonly string[]) =>
  names.length === 0 ? "[]" : `[${names.map((n) => `"${n}"`).join(", ")}]`;

interface Problem {
  vocabSize: number;
  blockSize: number;
  embedding: number;
  hidden: number;
  seed: number;
  zero: Name[];
}

const problem = fc.record({
  vocabSize: fc.integer({ min: 2, max: 12 }),
  blockSize: fc.integer({ min: 1, max: 3 }),
  embedding: fc.integer({ min: 1, max: 5 }),
  hidden: fc.integer({ min: 1, max: 12 }),
  seed: fc.nat(),
  zero: fc.subarray(all),
});

const sizesOf = (q: Problem): MlpSizes => ({
  vocabSize: q.vocabSize,
  blockSize: q.blockSize,
  embedding: q.embedding,
  hidden: q.hidden,
});

// 2V + 1 examples: the targets can never be spread evenly over the V characters, which alone
// could make db2 exactly zero.
const examples = (q: Problem) => 2 * q.vocabSize + 1;

/**
 * The grader's own network and data, made as the scenario's setup makes them. `stale`: a
 * backward() on the random network, before the zeros are set, leaves a gradient in every .grad,
 * as an earlier training step would.
 */
function make(q: Problem, stale = false): { p: MlpParameters; X: Tensor; Y: Tensor } {
  const g = new Generator().manualSeed(q.seed);
  const p = initMlp(sizesOf(q), g);
  const X = randint(0, q.vocabSize, [examples(q), q.blockSize], { generator: g });
  const Y = randint(0, q.vocabSize, [examples(q)], { generator: g });
  if (stale) mlpLoss(p, X, Y).backward();
  for (const name of q.zero) p[name].data.zero_();
  return { p, X, Y };
}

/** The scenario's setup: a random MLP and random data, the parameters in q.zero set to zero. */
const setup = (
  q: Problem,
  name: "nonZeroGradients" | "movedAfter",
  stale = false,
) => `${importLearner(learner, name)}
import { initMlp${stale ? ", mlpLoss" : ""} } from "#reference/makemore/model.ts";
import { Generator, randint } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${q.seed});
const p = initMlp({ vocabSize: ${q.vocabSize}, blockSize: ${q.blockSize}, embedding: ${q.embedding}, hidden: ${q.hidden} }, g);
const X = randint(0, ${q.vocabSize}, [${examples(q)}, ${q.blockSize}], { generator: g });
const Y = randint(0, ${q.vocabSize}, [${examples(q)}], { generator: g });${stale ? "\nmlpLoss(p, X, Y).backward(); // an earlier pass: every .grad holds a gradient" : ""}
for (const name of ${listed(q.zero)}) p[name].data.zero_(); // these start at zero`;

/** Gradient descent on the whole of (X, Y); `clear` false leaves the gradients to pile up. */
function train(p: MlpParameters, X: Tensor, Y: Tensor, steps: number, lr: number, clear = true) {
  for (let step = 0; step < steps; step++) {
    if (clear) for (const name of order) p[name].grad = null;
    mlpLoss(p, X, Y).backward();
    noGrad(() => {
      for (const name of order) p[name].data.add_(p[name].grad!.mul(-lr));
    });
  }
}

const sameValues = (a: Tensor, b: Tensor) => a.storage.every((v, i) => v === b.storage[i]);

/** The contexts and targets are the caller's: a function that reads them must not change them. */
function expectDataUntouched(values: Record<string, unknown>, X: Tensor, Y: Tensor, what: string) {
  for (const [name, mine] of [
    ["X", X],
    ["Y", Y],
  ] as const) {
    const t = values[name];
    if (!(t instanceof Tensor) || t.shape.join() !== mine.shape.join() || !sameValues(t, mine))
      fail(`\`${what}\` changed ${name}, which it was given to read: leave the data as it was.`, {
        mistake: "mutated-args",
      });
  }
}

/** The learner's answer as a list of parameter names, in C, W1, b1, W2, b2 order. */
function names(value: unknown, what: string): Name[] {
  if (!Array.isArray(value) || value.some((v) => !(order as readonly unknown[]).includes(v)))
    fail(
      `\`${what}\` should be an array of parameter names ("C", "W1", "b1", "W2", "b2"), but it is ${describeValue(value)}.`,
    );
  return order.filter((n) => value.includes(n));
}

/** The learner's parameters, each a tensor of the shape the grader's has. */
function parameters(value: unknown, like: MlpParameters): MlpParameters {
  for (const name of order) {
    const t = (value as Record<string, unknown> | null)?.[name];
    if (!(t instanceof Tensor) || t.shape.join() !== like[name].shape.join())
      fail(
        `\`p.${name}\` should be a Tensor of shape [${like[name].shape.join(", ")}], but it is ${describeValue(t)}.`,
      );
  }
  return value as MlpParameters;
}

check(
  "zero-init",
  "zeroMlp(sizes): every weight and bias zero, of the MLP's shapes, each a leaf that requires grad",
  1,
  async () => {
    await learner();
    await property(
      problem,
      async (q) => {
        const like = initMlp(sizesOf(q), new Generator().manualSeed(0));
        const code = `${importLearner(learner, "zeroMlp")}
const p = zeroMlp({ vocabSize: ${q.vocabSize}, blockSize: ${q.blockSize}, embedding: ${q.embedding}, hidden: ${q.hidden} });`;
        await scenario(learner, code, (values) => {
          const p = parameters(values["p"], like);
          for (const name of order) {
            const t = p[name];
            if (t.storage.some((v) => v !== 0))
              fail(
                `\`p.${name}\` has non-zero entries: E01 starts with every weight and bias at zero.`,
              );
            if (t.gradFn !== null || !t.requiresGrad)
              fail(
                `\`p.${name}\` should be a leaf that requires grad (zeros(shape).requiresGrad_()), so that training can change it; it ${t.gradFn !== null ? `was made by ${t.gradFn.name}` : "does not require grad"}.`,
              );
          }
        });
      },
      { numRuns: 20 },
    );
  },
);

check(
  "gradients",
  "nonZeroGradients(p, X, Y) names the parameters with a non-zero gradient of the loss, for E01 and for random networks with some parameters at zero, with or without gradients left in .grad by an earlier pass",
  2,
  async () => {
    await learner();
    const e01: Problem = {
      vocabSize: 6,
      blockSize: 3,
      embedding: 2,
      hidden: 8,
      seed: 1,
      zero: all,
    };
    /** The parameters with a non-zero gradient of the loss, after an earlier pass when `stale`. */
    const nonZeroAfter = (q: Problem, stale: boolean): Name[] => {
      const { p, X, Y } = make(q, stale);
      mlpLoss(p, X, Y).backward();
      return order.filter((n) => p[n].grad!.storage.some((v) => v !== 0));
    };
    const codeFor = (q: Problem, stale: boolean, expected: readonly Name[]) =>
      `${setup(q, "nonZeroGradients", stale)}
const names = nonZeroGradients(p, X, Y); // should be ${listed(expected)}`;
    const answer = async (q: Problem, stale: boolean) =>
      names(
        (await scenarioValues(learner, codeFor(q, stale, nonZeroAfter(q, false))))["names"],
        "nonZeroGradients(p, X, Y)",
      );
    const gradientCase = async (q: Problem, stale: boolean) => {
      const { p, X, Y } = make(q);
      const before = order.map((name) => p[name].detach().clone());
      mlpLoss(p, X, Y).backward();
      // The answer is the loss's gradient alone, whatever an earlier pass left in .grad.
      const expected = order.filter((n) => p[n].grad!.storage.some((v) => v !== 0));
      const code = codeFor(q, stale, expected);
      await scenario(learner, code, async (values) => {
        expectDataUntouched(values, X, Y, "nonZeroGradients");
        const got = names(values["names"], "nonZeroGradients(p, X, Y)");
        const mine = parameters(values["p"], p);
        const changed = order.find((n, k) => !sameValues(mine[n], before[k]!));
        if (changed)
          fail(
            `\`nonZeroGradients\` changed p.${changed}: it should only look at the gradients, not update the parameters.`,
          );
        if (got.join() === expected.join()) return;
        // With stale gradients every .grad is set, so "has a .grad" is told apart only without them.
        const withGrad = order.filter((n) => mine[n].grad !== null);
        if (!stale && got.join() === withGrad.join() && withGrad.length > expected.length)
          fail(
            `\`nonZeroGradients(p, X, Y)\` is ${listed(got)}: every parameter whose .grad is set. But backward() gives every parameter in the graph a .grad, zeros included, and ${listed(order.filter((n) => !expected.includes(n)))} got nothing but zeros. Count a parameter only when its gradient has a non-zero entry (p.W1.grad.storage.some((v) => v !== 0)).`,
            { mistake: "grad-present-not-nonzero" },
          );
        if (stale && got.join() === nonZeroAfter(q, true).join()) {
          // Confirmed on E01 with another seed: right without an earlier pass, piled up with one.
          const other: Problem = { ...e01, seed: q.seed + 1 };
          const [clean, piled] = [await answer(other, false), await answer(other, true)];
          if (
            clean.join() === nonZeroAfter(other, false).join() &&
            piled.join() === nonZeroAfter(other, true).join()
          )
            fail(
              `\`nonZeroGradients(p, X, Y)\` is ${listed(got)}, but the loss on (X, Y) gives a non-zero gradient to ${listed(expected)} only. p came with gradients in .grad from an earlier backward(), and backward() adds to .grad, so the old gradients were counted with the new. Set every parameter's grad to null before the backward() (with E01 and an earlier pass, your answer is ${listed(piled)} instead of ${listed(nonZeroAfter(other, false))}).`,
              { mistake: "missing-zero-grad" },
            );
        }
        const missing = expected.filter((n) => !got.includes(n));
        const extra = got.filter((n) => !expected.includes(n));
        fail(
          `\`nonZeroGradients(p, X, Y)\` should be ${listed(expected)}, but it is ${listed(got)}${missing.length > 0 ? `: ${missing[0]} has a non-zero gradient (${rule[missing[0]!]})` : `: ${extra[0]}'s gradient is all zeros (${rule[extra[0]!]})`}.`,
        );
      });
    };
    // E01 first: the input that tells "has a gradient" from "has a non-zero gradient"; then with
    // gradients left from an earlier pass, which the answer must not count.
    await gradientCase(e01, false);
    await gradientCase(e01, true);
    await property(
      fc.record({ q: problem, stale: fc.boolean() }),
      ({ q, stale }) => gradientCase(q, stale),
      { numRuns: 30 },
    );
  },
);

check(
  "moved",
  "movedAfter(p, X, Y, steps, lr) trains p in place and names the parameters that moved, for random networks, step counts and rates",
  2,
  async () => {
    await learner();
    await property(
      fc.record({
        q: problem,
        steps: fc.integer({ min: 1, max: 4 }),
        lr: fc.constantFrom(0.1, 0.5, 1),
      }),
      async ({ q, steps, lr }) => {
        const { p, X, Y } = make(q);
        const before = order.map((name) => p[name].detach().clone());
        train(p, X, Y, steps, lr);
        const expected = order.filter((n, k) => !sameValues(p[n], before[k]!));
        const code = `${setup(q, "movedAfter")}
const moved = movedAfter(p, X, Y, ${steps}, ${lr}); // should be ${listed(expected)}`;
        await scenario(learner, code, (values) => {
          expectDataUntouched(values, X, Y, "movedAfter");
          const got = names(values["moved"], `movedAfter(p, X, Y, ${steps}, ${lr})`);
          const mine = parameters(values["p"], p);
          const trained = order.filter((n, k) => !sameValues(mine[n], before[k]!));
          if (got.length === 0 && trained.length > 0)
            fail(
              `\`movedAfter\` returns [], yet after it p.${trained[0]} is no longer what it was. The starting values were kept by reference (const start = p.${trained[0]}), and the in-place updates (p.${trained[0]}.data.add_) changed them too, so p was compared with itself. Copy them before training: p.${trained[0]}.detach().clone().`,
              { mistake: "snapshot-not-copied" },
            );
          const off = order.find(
            (n) =>
              !mine[n].storage.every((v, i) =>
                isClose(v, p[n].storage[i]!, { rtol: 1e-4, atol: 1e-6 }),
              ),
          );
          if (off) {
            const piled = make(q);
            train(piled.p, piled.X, piled.Y, steps, lr, false);
            if (
              order.every((n) =>
                mine[n].storage.every((v, i) =>
                  isClose(v, piled.p[n].storage[i]!, { rtol: 1e-4, atol: 1e-6 }),
                ),
              )
            )
              fail(
                `After ${steps} steps p.${off} is what a run gives whose gradients are never cleared: backward() adds to .grad, so each step also carried every earlier step's gradient. Set every parameter's grad to null before each backward().`,
                { mistake: "missing-zero-grad" },
              );
            const at = p[off].storage.findIndex(
              (v, i) => !isClose(mine[off].storage[i]!, v, { rtol: 1e-4, atol: 1e-6 }),
            );
            fail(
              `After ${steps} steps at rate ${lr}, p.${off}'s entry ${at} is ${formatNumber(mine[off].storage[at]!)}, not ${formatNumber(p[off].storage[at]!)}: each step, clear the grads, backward() the loss on all of (X, Y), then p.data.add_(p.grad.mul(-lr)) for every parameter.`,
            );
          }
          if (got.join() !== expected.join())
            fail(
              `\`movedAfter(p, X, Y, ${steps}, ${lr})\` should be ${listed(expected)} (the parameters that differ from where they started), but it is ${listed(got)}.`,
            );
        });
      },
      { numRuns: 25 },
    );
  },
);

/** The answer if which parameters learn were decided from the starting zeros alone. */
function staticPrediction(zero: readonly Name[]): Name[] {
  const is = (n: Name) => !zero.includes(n);
  const gets: Record<Name, boolean> = {
    b2: true,
    W2: is("b1") || (is("C") && is("W1")),
    b1: is("W2"),
    W1: is("W2") && is("C"),
    C: is("W2") && is("W1"),
  };
  return order.filter((n) => gets[n]);
}

/** What training really moves: the grader's own run on a small random problem. */
function truth(zero: Name[], steps: number, seed: number): Name[] {
  const q: Problem = { vocabSize: 5, blockSize: 2, embedding: 3, hidden: 6, seed, zero };
  const { p, X, Y } = make(q);
  const before = order.map((name) => p[name].detach().clone());
  train(p, X, Y, steps, 0.5);
  return order.filter((n, k) => !sameValues(p[n], before[k]!));
}

const predictCode = (zero: readonly Name[], steps: number, expected: readonly Name[]) =>
  `${importLearner(learner, "predictMoved")}
const moved = predictMoved(${listed(zero)}, ${steps}); // training moves ${listed(expected)}`;

/** Runs predictMoved(zero, steps) in a scenario and returns its answer. */
async function predicted(zero: readonly Name[], steps: number, expected: readonly Name[]) {
  let answer: Name[] = [];
  await scenario(learner, predictCode(zero, steps, expected), ({ moved }) => {
    answer = names(moved, `predictMoved(${listed(zero)}, ${steps})`);
  });
  return answer;
}

check(
  "prediction",
  "predictMoved(zero, steps) says, without training, what training moves: E01, every pattern of zeros at one and two steps, and random patterns at up to five",
  3,
  async () => {
    await learner();
    // E01 itself, then an input that tells h = 0 from the rest: C random, W1 and b1 zero.
    for (const steps of [1, 100]) {
      const expected = truth(all, steps, 7);
      const got = await predicted(all, steps, expected);
      if (got.join() === expected.join()) continue;
      const code = predictCode(all, steps, expected);
      if (!got.includes("b2"))
        fail(
          `\`predictMoved(${listed(all)}, ${steps})\` is ${listed(got)}, without b2. Even with every parameter at zero the logits are all 0, softmax is uniform, and ${rule.b2}.`,
          { mistake: "gradient-path-missed", code },
        );
      if (got.includes("W2")) {
        const confirm = truth(["W1", "b1"], 1, 8);
        const again = await predicted(["W1", "b1"], 1, confirm);
        if (again.includes("W2"))
          fail(
            `\`predictMoved(${listed(all)}, ${steps})\` says W2 moves. But W1 and b1 are zero, so every hidden activation is tanh(0) = 0, and ${rule.W2}. So W2 stays zero, dh = dlogits · W2ᵀ stays zero, and nothing below the output layer ever gets a gradient: only b2 learns. (Likewise with only W1 and b1 at zero: h is still 0, and the first step moves ${listed(confirm)}, W2 not among them; predictMoved(["W1", "b1"], 1) says ${listed(again)}.)`,
            { mistake: "zero-activation-overlooked", code },
          );
      }
      // A parameter named that does not move (W2 is handled above): its own rule says why.
      const extra = got.filter((n) => !expected.includes(n));
      if (extra.length > 0)
        fail(
          `\`predictMoved(${listed(all)}, ${steps})\` is ${listed(got)}, but training moves ${listed(expected)}: ${extra.map((n) => `${n} does not (${rule[n]})`).join("; ")}. With every parameter zero, W2 stays zero, so no gradient reaches anything below the output layer.`,
          { mistake: "gradient-path-invented", code },
        );
      fail(
        `\`predictMoved(${listed(all)}, ${steps})\` is ${listed(got)}, but training moves ${listed(expected)}: ${order.map((n) => `${n}: ${rule[n]}`).join("; ")}.`,
        { code },
      );
    }
    const judge = async ({ zero, steps, seed }: { zero: Name[]; steps: number; seed: number }) => {
      const expected = truth(zero, steps, seed);
      const got = await predicted(zero, steps, expected);
      if (got.join() === expected.join()) return;
      const code = predictCode(zero, steps, expected);
      const missing = expected.filter((n) => !got.includes(n));
      const extra = got.filter((n) => !expected.includes(n));
      const early = staticPrediction(zero);
      if (got.join() === early.join() && missing.length > 0) {
        // Confirmed where a second step opens a path: W1 zero, so C learns only from step 2.
        const confirm = truth(["W1"], 2, seed + 1);
        const again = await predicted(["W1"], 2, confirm);
        if (again.join() === staticPrediction(["W1"]).join())
          fail(
            `\`predictMoved(${listed(zero)}, ${steps})\` is ${listed(got)}: what gets a gradient at the first step. But a parameter that has moved is no longer zero, and from the next step on it opens paths: ${missing[0]} moves too (${rule[missing[0]!]}). With W1 alone at zero, C learns from step 2 on, once W1 has moved (predictMoved(["W1"], 2) says ${listed(again)}, training moves ${listed(confirm)}). Apply the rules step by step, each step on the parameters the steps before made non-zero.`,
            { mistake: "gradient-flow-static", code },
          );
      }
      if (missing.length > 0)
        fail(
          `\`predictMoved(${listed(zero)}, ${steps})\` is ${listed(got)}, but training moves ${listed(expected)}: ${missing[0]} is missing (${rule[missing[0]!]}).`,
          { mistake: "gradient-path-missed", code },
        );
      fail(
        `\`predictMoved(${listed(zero)}, ${steps})\` is ${listed(got)}, but training moves ${listed(expected)}: ${extra[0]} does not (${rule[extra[0]!]}).`,
        { mistake: "gradient-path-invented", code },
      );
    };
    // Every pattern of zeros (32 of them) at one and two steps, so that every path of every rule
    // is taken; then random patterns and step counts.
    for (const steps of [1, 2])
      for (let mask = 0; mask < 2 ** all.length; mask++)
        await judge({
          zero: all.filter((_, k) => mask & (2 ** k)),
          steps,
          seed: 32 * steps + mask,
        });
    await property(
      fc.record({ zero: fc.subarray(all), steps: fc.integer({ min: 1, max: 5 }), seed: fc.nat() }),
      judge,
      { numRuns: 60 },
    );
  },
);
