import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { Generator, randn, Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/21-init-loss/init-loss.ts");
const learner = loadTarget<Target>("init-loss.ts", ["expectedInitialLoss", "initMlp"]);

const parameterNames = ["C", "W1", "b1", "W2", "b2"] as const;
type ParameterName = (typeof parameterNames)[number];

/** How far above -log(1/V) the first loss may be: W2 at 0.01 gives a few hundredths. */
const tolerance = 0.1;

check(
  "expected-loss",
  "expectedInitialLoss(V) is the loss of a uniform guess over V characters, for any V",
  2,
  async () => {
    await learner();
    await property(fc.integer({ min: 2, max: 1000 }), async (V) => {
      const expected = -Math.log(1 / V);
      const code = `${importLearner(learner, "expectedInitialLoss")}
const loss = expectedInitialLoss(${V}); // every one of ${V} characters has probability 1/${V}`;
      await scenario(learner, code, ({ loss }) => {
        const got = expectNumber(loss, `expectedInitialLoss(${V})`);
        const near = (x: number) => isClose(got, x, { rtol: 1e-9, atol: 1e-12 });
        if (near(-expected))
          fail(
            `\`expectedInitialLoss(${V})\` is ${formatNumber(got)}, the log-probability log(1/${V}) itself. The loss is the negative log-likelihood: -log(1/${V}) = ${formatNumber(expected)}, a positive number (for 27 characters, 3.2958).`,
            { mistake: "nll-sign" },
          );
        if (near(Math.log10(V)))
          fail(
            `\`expectedInitialLoss(${V})\` is ${formatNumber(got)}, which is -log10(1/${V}). The loss uses the natural log, as crossEntropy does: -Math.log(1/${V}) = ${formatNumber(expected)}.`,
            { mistake: "log-base-10" },
          );
        if (near(1 / V))
          fail(
            `\`expectedInitialLoss(${V})\` is ${formatNumber(got)}, the probability 1/${V} of each character. The loss is what the loss function makes of that probability: -log(1/${V}) = ${formatNumber(expected)}.`,
            { mistake: "probability-not-log" },
          );
        expectClose(got, expected, `expectedInitialLoss(${V})`, {
          rtol: 1e-9,
          why: `A network that gives each of ${V} characters probability 1/${V} has loss -log(1/${V}) on every example.`,
        });
      });
    });
  },
);

const sizes = fc.record({
  vocabSize: fc.integer({ min: 2, max: 60 }),
  blockSize: fc.integer({ min: 1, max: 5 }),
  embedding: fc.integer({ min: 2, max: 12 }),
  hidden: fc.integer({ min: 10, max: 200 }),
});
const problem = fc.record({ sizes, seed: fc.nat(), dataSeed: fc.nat() });
type Problem = { sizes: MlpSizes; seed: number; dataSeed: number };

/** The scenario: the learner's parameters, a batch of random contexts and targets, the loss. */
const lossCode = (p: Problem, after = "") => {
  const { vocabSize: V, blockSize: B } = p.sizes;
  return `${importLearner(learner, "initMlp")}
import { mlpLoss } from "#reference/makemore/model.ts";
import { Generator, randint } from "#reference/tensor/index.ts";
const sizes = { vocabSize: ${V}, blockSize: ${B}, embedding: ${p.sizes.embedding}, hidden: ${p.sizes.hidden} };
const p = initMlp(sizes, new Generator().manualSeed(${p.seed}));
const again = initMlp(sizes, new Generator().manualSeed(${p.seed})); // the same seed, the same network
const data = new Generator().manualSeed(${p.dataSeed});
const X = randint(0, ${V}, [256, ${B}], { generator: data });
const Y = randint(0, ${V}, [256], { generator: data });
const loss = mlpLoss(p, X, Y); // should be within ${tolerance} of -log(1/${V}) = ${formatNumber(Math.log(V))}${after}`;
};

function parametersOf(p: unknown, s: MlpSizes): MlpParameters {
  if (typeof p !== "object" || p === null)
    fail(
      `\`initMlp(sizes, g)\` should return { C, W1, b1, W2, b2 }, but it returned ${describeValue(p)}.`,
    );
  const shapes: Record<ParameterName, number[]> = {
    C: [s.vocabSize, s.embedding],
    W1: [s.blockSize * s.embedding, s.hidden],
    b1: [s.hidden],
    W2: [s.hidden, s.vocabSize],
    b2: [s.vocabSize],
  };
  for (const name of parameterNames) {
    const t = (p as Record<string, unknown>)[name];
    if (!(t instanceof Tensor))
      fail(`\`p.${name}\` should be a Tensor, but it is ${describeValue(t)}.`);
    if (t.shape.join() !== shapes[name].join())
      fail(
        `\`p.${name}\` should have shape [${shapes[name].join(", ")}], but it has [${t.shape.join(", ")}].`,
      );
  }
  return p as MlpParameters;
}

/**
 * The lesson's parameters exactly: C, W1, b1 and W2 drawn from g in that order, W2 times 0.01.
 * A loss near -log(1/V) alone accepts any small scale; the factor is read off W2 and named
 * only when every element of W2 is the draws times that one factor.
 */
function expectLessonsDraws(params: MlpParameters, p: Problem): void {
  const g = new Generator().manualSeed(p.seed);
  const { vocabSize: V, blockSize: B, embedding: E, hidden: H } = p.sizes;
  const draws = {
    C: randn([V, E], { generator: g }),
    W1: randn([B * E, H], { generator: g }),
    b1: randn([H], { generator: g }),
    W2: randn([H, V], { generator: g }),
  };
  const near = (a: number, b: number) => isClose(a, b, { rtol: 1e-5, atol: 1e-7 });
  for (const name of ["C", "W1", "b1"] as const)
    if (!params[name].storage.every((v, i) => near(v, draws[name].storage[i]!)))
      fail(
        `\`p.${name}\` is not the generator's draw: with g seeded ${p.seed}, C, W1, b1 and W2 are randn(shape, { generator: g }) in that order, each drawn once, as in the lecture (only W2 is scaled afterwards).`,
      );
  const W2 = params.W2.storage;
  const raw = draws.W2.storage;
  if (W2.every((v, i) => near(v, raw[i]! * 0.01))) return;
  let k = 0;
  for (let i = 0; i < raw.length; i++) if (Math.abs(raw[i]!) > Math.abs(raw[k]!)) k = i;
  const factor = W2[k]! / raw[k]!;
  if (W2.every((v, i) => near(v, raw[i]! * factor)))
    fail(
      `\`p.W2\` is the generator's draws times ${formatNumber(factor)}; the lesson scales them by 0.01. Its first loss is close enough to -log(1/${V}) here, but the lecture's numbers (and the next exercises') come from W2 × 0.01: write randn([${H}, ${V}], { generator: g }).mul(0.01).`,
      { mistake: "output-scale-off" },
    );
  fail(
    `\`p.W2\` is not the generator's fourth draw times 0.01: draw C, W1, b1 and W2 from g in that order, then multiply W2 by 0.01.`,
  );
}

const sameValues = (a: Tensor, b: Tensor) =>
  a.numel() === b.numel() && a.storage.every((v, i) => v === b.storage[i]);

check(
  "calibrated",
  "initMlp(sizes, g): the lesson's draws from g with W2 × 0.01 and b2 zero, and a first loss within 0.1 of -log(1/V), for any sizes and seeds",
  3,
  async () => {
    await learner();
    await property(
      problem,
      async (p) => {
        const V = p.sizes.vocabSize;
        const expected = Math.log(V);
        const sizesBefore = JSON.stringify(p.sizes);
        await scenario(learner, lossCode(p), (values) => {
          if (JSON.stringify(values["sizes"]) !== sizesBefore)
            fail("`initMlp` changed the sizes it was given: read them, never write them.", {
              mistake: "mutated-args",
            });
          const params = parametersOf(values["p"], p.sizes);
          const again = parametersOf(values["again"], p.sizes);
          const differs = parameterNames.find((n) => !sameValues(params[n], again[n]));
          if (differs)
            fail(
              `Two calls of \`initMlp\` with generators seeded ${p.seed} give different ${differs}: draw every random number from the generator g you are given (randn(shape, { generator: g })), so that a seed repeats the run.`,
            );
          const b2 = params.b2.storage;
          if (b2.some((v) => v !== 0))
            fail(
              `\`p.b2\` starts as ${describeValue([...b2])}, not zeros. A bias says which characters are likely before the network has looked at the context, and at initialisation it should favour none: multiply it by 0 as the lecture does, or make it with zeros([${V}]). Random biases alone raise the first loss above -log(1/${V}).`,
              { mistake: "output-bias-random" },
            );
          const loss = values["loss"] as unknown;
          if (!(loss instanceof Tensor))
            fail(`\`loss\` should be a Tensor, but it is ${describeValue(loss)}.`);
          const got = loss.item();
          if (!(got <= expected + tolerance && got >= expected - tolerance)) {
            // Named from W2 itself: a full-size draw has a spread near 1, the lecture's 0.01.
            if (got > expected && params.W2.std().item() > 0.5)
              fail(
                `The first loss is ${formatNumber(got)}, far above -log(1/${V}) = ${formatNumber(expected)}: the network is confidently wrong. With W2 drawn at full size, the logits are large, one character gets nearly all the probability, and it is usually not the right one. Scale W2 down (the lecture multiplies it by 0.01) so that the first logits are all close to 0 and the probabilities close to uniform.`,
                { mistake: "output-not-scaled" },
              );
            fail(
              `The first loss is ${formatNumber(got)}, not within ${tolerance} of -log(1/${V}) = ${formatNumber(expected)}. At initialisation the logits should be nearly equal: W2 small (× 0.01) and b2 zero.`,
            );
          }
          expectLessonsDraws(params, p);
        });
      },
      { numRuns: 40 },
    );
  },
);

check(
  "gradients",
  "at the first step every parameter is a leaf and gets a non-zero gradient (W2 small, not zero)",
  1,
  async () => {
    await learner();
    await property(
      problem,
      async (p) => {
        const code = lossCode(
          p,
          "\nloss.backward(); // every parameter's .grad should be non-zero",
        );
        await scenario(learner, code, (values) => {
          const params = parametersOf(values["p"], p.sizes);
          const zeroGrad = (t: Tensor) => t.grad === null || t.grad.storage.every((v) => v === 0);
          for (const name of parameterNames) {
            const t = params[name];
            if (t.gradFn !== null)
              fail(
                `\`p.${name}\` is not a leaf: it was made by ${t.gradFn.name} from another tensor, so backward() fills that tensor's .grad, not p.${name}'s, and an update would never reach it. Draw and scale first, then ask for the gradient: randn(shape, { generator: g }).mul(0.01).requiresGrad_().`,
                { mistake: "parameter-not-leaf" },
              );
            if (!t.requiresGrad)
              fail(
                `\`p.${name}\` does not require grad, so training would never change it: end its line with .requiresGrad_().`,
              );
          }
          if (params.W2.storage.every((v) => v === 0)) {
            const starved = parameterNames.filter(
              (n) => n !== "W2" && n !== "b2" && zeroGrad(params[n]),
            );
            if (starved.length === 3)
              fail(
                `W2 is exactly zero, so at the first step ${starved.join(", ")} get a gradient of exactly zero: everything below the output layer reaches the loss only through W2 (dh = dlogits · W2ᵀ = 0). The lecture keeps W2 small but not zero: multiply it by 0.01, so that every layer learns from the first step on.`,
                { mistake: "output-weights-zero" },
              );
          }
          const none = parameterNames.find((n) => zeroGrad(params[n]));
          if (none)
            fail(
              `After loss.backward(), \`p.${none}.grad\` is ${params[none].grad === null ? "null" : "all zeros"}: the loss does not depend on p.${none} at the first step.`,
            );
        });
      },
      { numRuns: 10, label: "gradients" },
    );
  },
);
