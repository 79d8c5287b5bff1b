import fc from "fast-check";
import { check, fail, type MistakeId } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { referenceCallsDuring } from "#kit/reference-calls.ts";
import {
  importLearner,
  runScenario,
  type ScenarioValues,
  scenario,
  withCode,
} from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { initMlp } from "#reference/makemore/model.ts";
import { Generator, nn, noGrad, randint, randn, Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/22-kaiming-init/kaiming-init.ts");
const learner = loadTarget<Target>("kaiming-init.ts", [
  "saturatedFraction",
  "hiddenSaturation",
  "gain",
  "kaimingStd",
  "kaimingInit",
]);

const nonlinearities = ["linear", "sigmoid", "tanh", "relu"] as const;

/**
 * A scenario of the learner's gain, std or initialisation: the kit's nn.calculateGain and
 * nn.kaimingNormal are this exercise's answers, so a call of either while it runs fails, whatever
 * the numbers (the grader computes its expected values before, with the same functions).
 */
async function ownScenario(code: string, inspect: (values: ScenarioValues) => void): Promise<void> {
  const { value: values, called } = await referenceCallsDuring(() => runScenario(learner, code));
  const borrowed = ["calculateGain", "kaimingNormal"].filter((f) => called.has(f));
  if (borrowed.length > 0)
    fail(
      `Your code calls the kit's ${borrowed.map((f) => `nn.${f}`).join(" and ")}: right numbers, but ${borrowed.length === 1 ? "that is" : "those are"} what this exercise asks you to write. Write the gain as a switch over the non-linearities (tanh 5/3, relu √2, linear and sigmoid 1), and the weights as randn([fanIn, fanOut], { generator: g }) times gain / √fanIn.`,
      { mistake: "kaiming-from-the-kit", code },
    );
  try {
    inspect(values);
  } catch (error) {
    throw withCode(error, code);
  }
}

/** The fraction of `values` with |v| > threshold (or >= it), counted by the grader. */
function fraction(values: ArrayLike<number>, threshold: number, atThreshold = false): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > threshold || (atThreshold && a === threshold)) count++;
  }
  return count / values.length;
}

/** Two fractions of n entries agree: the same count (float32 arithmetic may round the ratio). */
const sameFraction = (got: number, expected: number, n: number) =>
  Math.abs(got - expected) < 0.5 / n;

const tanhProblem = fc.record({
  rows: fc.integer({ min: 1, max: 40 }),
  cols: fc.integer({ min: 1, max: 60 }),
  seed: fc.nat(),
  scale: fc.constantFrom(0.5, 1, 2, 4),
  threshold: fc.constantFrom(0.97, 0.99, 0.9, 0.5),
});

check(
  "saturation",
  "saturatedFraction(h, t) is the fraction of |h| > t, strictly, for any activations and threshold",
  2,
  async () => {
    await learner();
    // Values exactly at the threshold (float64, so that the comparison is exact): > leaves them out.
    const probes = [
      {
        rows: [
          [0.97, -0.97, 0.5],
          [0.99, 1, -1],
        ],
        threshold: 0.97,
      },
      {
        rows: [
          [0.99, -0.99],
          [0.999, 0.2],
          [-1, 0],
        ],
        threshold: 0.99,
      },
    ];
    for (const probe of probes) {
      const flat = probe.rows.flat();
      const expected = fraction(flat, probe.threshold);
      const code = `${importLearner(learner, "saturatedFraction")}
import { tensor } from "#reference/tensor/index.ts";
const h = tensor(${JSON.stringify(probe.rows).replaceAll(",", ", ")}, { dtype: "float64" });
const saturated = saturatedFraction(h, ${probe.threshold}); // should be ${formatNumber(expected)}`;
      await scenario(learner, code, ({ saturated }) => {
        const got = expectNumber(saturated, `saturatedFraction(h, ${probe.threshold})`);
        if (sameFraction(got, fraction(flat, probe.threshold, true), flat.length))
          fail(
            `\`saturatedFraction(h, ${probe.threshold})\` is ${formatNumber(got)}, counting the entries exactly at ±${probe.threshold} as saturated. The lecture counts |h| > ${probe.threshold}, strictly: use gt, not ge.`,
            { mistake: "saturation-at-threshold" },
          );
        expectClose(got, expected, `saturatedFraction(h, ${probe.threshold})`, { rtol: 1e-6 });
      });
    }
    await property(tanhProblem, async (p) => {
      const h = randn([p.rows, p.cols], { generator: new Generator().manualSeed(p.seed) })
        .mul(p.scale)
        .tanh();
      const expected = fraction(h.storage, p.threshold);
      const code = `${importLearner(learner, "saturatedFraction")}
import { Generator, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${p.seed});
const h = randn([${p.rows}, ${p.cols}], { generator: g }).mul(${p.scale}).tanh();
const saturated = saturatedFraction(h, ${p.threshold}); // should be ${formatNumber(expected)}`;
      await scenario(learner, code, ({ saturated, h: after }) => {
        const got = expectNumber(saturated, `saturatedFraction(h, ${p.threshold})`);
        expectInputsUnchanged(`saturatedFraction(h, ${p.threshold})`, { h: [after, h] });
        if (!sameFraction(got, expected, h.numel()))
          fail(
            `\`saturatedFraction(h, ${p.threshold})\` should be ${formatNumber(expected)} (${Math.round(expected * h.numel())} of ${h.numel()} entries have |h| > ${p.threshold}), but your code gives ${formatNumber(got)}.`,
          );
      });
    });
  },
);

const mlpProblem = fc.record({
  vocabSize: fc.integer({ min: 2, max: 30 }),
  blockSize: fc.integer({ min: 1, max: 4 }),
  embedding: fc.integer({ min: 1, max: 10 }),
  hidden: fc.integer({ min: 1, max: 60 }),
  n: fc.integer({ min: 1, max: 40 }),
  seed: fc.nat(),
  w1Scale: fc.constantFrom(1, 0.3, 0.1),
  threshold: fc.constantFrom(0.97, 0.99, 0.9),
});

check(
  "hidden",
  "hiddenSaturation(p, X, t) measures the hidden layer's tanh outputs, for random networks and contexts",
  1,
  async () => {
    await learner();
    await property(mlpProblem, async (q) => {
      const sizes = {
        vocabSize: q.vocabSize,
        blockSize: q.blockSize,
        embedding: q.embedding,
        hidden: q.hidden,
      };
      // The grader's own network and contexts, made as the scenario makes them.
      const g = new Generator().manualSeed(q.seed);
      const p = initMlp(sizes, g);
      p.W1.data.mul_(q.w1Scale);
      const X = randint(0, q.vocabSize, [q.n, q.blockSize], { generator: g });
      const hpreact = noGrad(() =>
        p.C.index(X)
          .view(-1, q.blockSize * q.embedding)
          .matmul(p.W1)
          .add(p.b1),
      );
      const expected = fraction(hpreact.tanh().storage, q.threshold);
      const ofPreactivation = fraction(hpreact.storage, q.threshold);
      const code = `${importLearner(learner, "hiddenSaturation")}
import { initMlp } from "#reference/makemore/model.ts";
import { Generator, randint } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${q.seed});
const p = initMlp({ vocabSize: ${q.vocabSize}, blockSize: ${q.blockSize}, embedding: ${q.embedding}, hidden: ${q.hidden} }, g);
p.W1.data.mul_(${q.w1Scale});
const X = randint(0, ${q.vocabSize}, [${q.n}, ${q.blockSize}], { generator: g });
const saturated = hiddenSaturation(p, X, ${q.threshold}); // should be ${formatNumber(expected)}`;
      await scenario(learner, code, (values) => {
        const got = expectNumber(values["saturated"], `hiddenSaturation(p, X, ${q.threshold})`);
        // Every parameter and the contexts, against the grader's own: measure, never write.
        expectInputsUnchanged(`hiddenSaturation(p, X, ${q.threshold})`, {
          p: [values["p"], p],
          X: [values["X"], X],
        });
        const n = hpreact.numel();
        if (sameFraction(got, expected, n)) return;
        if (sameFraction(got, ofPreactivation, n))
          fail(
            `\`hiddenSaturation(p, X, ${q.threshold})\` is ${formatNumber(got)}, the fraction of pre-activations with |hpreact| > ${q.threshold}; the fraction of tanh outputs is ${formatNumber(expected)}. Saturation is about tanh's output: a unit is stuck when tanh(hpreact) is near ±1, which needs |hpreact| > ${formatNumber(Math.atanh(q.threshold))}, not > ${q.threshold}. Apply tanh first.`,
            { mistake: "saturation-of-preactivation" },
          );
        fail(
          `\`hiddenSaturation(p, X, ${q.threshold})\` should be ${formatNumber(expected)} (${Math.round(expected * n)} of the ${n} hidden activations tanh(C[X].view(-1, ${q.blockSize * q.embedding}) @ W1 + b1)), but your code gives ${formatNumber(got)}.`,
        );
      });
    });
  },
);

check(
  "gain",
  "gain(nonlinearity) is torch.nn.init.calculate_gain's: tanh 5/3, relu √2, linear and sigmoid 1",
  1,
  async () => {
    await learner();
    for (const nl of nonlinearities) {
      const expected = nn.calculateGain(nl);
      const code = `${importLearner(learner, "gain")}
const value = gain("${nl}");`;
      await ownScenario(code, ({ value }) => {
        const got = expectNumber(value, `gain("${nl}")`);
        if (nl !== "linear" && nl !== "sigmoid" && isClose(got, expected ** 2, { rtol: 1e-9 }))
          fail(
            `\`gain("${nl}")\` is ${formatNumber(got)}, the square of the gain (${formatNumber(expected)}). The gain multiplies the std, not the variance.`,
            { mistake: "kaiming-gain-squared" },
          );
        expectClose(got, expected, `gain("${nl}")`, { rtol: 1e-9 });
      });
    }
  },
);

/** The wrong stds a lesson's reader might write, each with its mistake, for a fan-in and gain. */
function wrongStds(fanIn: number, fanOut: number, gain: number): [number, MistakeId, string][] {
  return [
    [
      gain ** 2 / Math.sqrt(fanIn),
      "kaiming-gain-squared",
      `gain² / √fan_in = ${formatNumber(gain ** 2)} / √${fanIn}: the gain belongs to the std, squared only in the variance (gain² / fan_in)`,
    ],
    [
      1 / Math.sqrt(fanIn),
      "kaiming-gain-missing",
      `1 / √fan_in, without the gain: the non-linearity squashes the spread, and the gain (${formatNumber(gain)} here) makes up for it`,
    ],
    [
      gain / fanIn,
      "kaiming-no-sqrt",
      `gain / fan_in, without the square root: the variance of a sum of fan_in terms grows with fan_in, so its std grows with √fan_in`,
    ],
    [
      gain / Math.sqrt(fanOut),
      "kaiming-fan-out",
      `gain / √fan_out, with fan_out = ${fanOut}: each output adds up fan_in = ${fanIn} products, so it is fan_in that the spread grows with`,
    ],
  ];
}

/** Names the mistake whose std `got` is, when it is that one's alone; otherwise says what was expected. */
function diagnoseStd(
  got: number,
  expected: number,
  fanIn: number,
  fanOut: number,
  gain: number,
  what: string,
  count: number,
) {
  const wrong = wrongStds(fanIn, fanOut, gain);
  const matches = wrong.filter(([std]) => isClose(got, std, { rtol: 1e-5 }));
  const distinct = (std: number) =>
    !isClose(std, expected, { rtol: 1e-5 }) &&
    wrong.filter(([s]) => isClose(s, std, { rtol: 1e-5 })).length === 1;
  if (matches.length === 1 && distinct(matches[0]![0])) {
    const [, mistake, why] = matches[0]!;
    fail(
      `${what} ${count === 1 ? "is" : "has a std of"} ${formatNumber(got)}, which is ${why}. Kaiming's std is gain / √fan_in = ${formatNumber(expected)}.`,
      { mistake },
    );
  }
}

const kaimingProblem = fc.record({
  fanIn: fc.integer({ min: 1, max: 300 }),
  fanOut: fc.integer({ min: 1, max: 200 }),
  nonlinearity: fc.constantFrom(...nonlinearities),
  seed: fc.nat(),
});

check(
  "std",
  "kaimingStd(fanIn, nonlinearity) is gain / √fanIn, for any fan-in and non-linearity",
  2,
  async () => {
    await learner();
    await property(kaimingProblem, async ({ fanIn, nonlinearity }) => {
      const gain = nn.calculateGain(nonlinearity);
      const expected = gain / Math.sqrt(fanIn);
      const what = `kaimingStd(${fanIn}, "${nonlinearity}")`;
      const code = `${importLearner(learner, "kaimingStd")}
const std = ${what};`;
      await ownScenario(code, ({ std }) => {
        const got = expectNumber(std, what);
        if (isClose(got, expected, { rtol: 1e-9 })) return;
        // fan_out is not an argument here, so only the other three mistakes can show.
        diagnoseStd(got, expected, fanIn, Number.NaN, gain, `\`${what}\``, 1);
        expectClose(got, expected, what, { rtol: 1e-9 });
      });
    });
  },
);

check(
  "init",
  "kaimingInit(fanIn, fanOut, nonlinearity, g) is randn([fanIn, fanOut]) from g times gain / √fanIn (torch.nn.init.kaiming_normal_ in the lectures' layout)",
  2,
  async () => {
    await learner();
    await property(
      kaimingProblem,
      async ({ fanIn, fanOut, nonlinearity, seed }) => {
        const gain = nn.calculateGain(nonlinearity);
        const expected = nn.kaimingNormal([fanIn, fanOut], {
          nonlinearity,
          generator: new Generator().manualSeed(seed),
        });
        const draws = randn([fanIn, fanOut], { generator: new Generator().manualSeed(seed) });
        const what = `kaimingInit(${fanIn}, ${fanOut}, "${nonlinearity}", g)`;
        const code = `${importLearner(learner, "kaimingInit")}
import { Generator } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${seed});
const W = ${what}; // should be randn([${fanIn}, ${fanOut}], { generator: g }) × ${formatNumber(gain)} / √${fanIn}`;
        await ownScenario(code, ({ W }) => {
          if (!(W instanceof Tensor))
            fail(`\`${what}\` should be a Tensor, but it is ${describeValue(W)}.`);
          if (W.shape.join() !== `${fanIn},${fanOut}`)
            fail(
              `\`${what}\` should have shape [${fanIn}, ${fanOut}] (fan_in rows, as x @ W uses it), but it has [${W.shape.join(", ")}].`,
            );
          const at = [...expected.storage].findIndex(
            (v, i) => !isClose(W.storage[i]!, v, { rtol: 1e-5, atol: 1e-7 }),
          );
          if (at < 0) return;
          // The factor the learner multiplied the generator's draws by, read off the largest draw.
          let k = 0;
          for (let i = 0; i < draws.numel(); i++)
            if (Math.abs(draws.storage[i]!) > Math.abs(draws.storage[k]!)) k = i;
          const factor = W.storage[k]! / draws.storage[k]!;
          const consistent = [...draws.storage].every((d, i) =>
            isClose(W.storage[i]!, d * factor, { rtol: 1e-5, atol: 1e-7 }),
          );
          if (consistent)
            diagnoseStd(
              factor,
              gain / Math.sqrt(fanIn),
              fanIn,
              fanOut,
              gain,
              `\`${what}\``,
              fanIn * fanOut,
            );
          fail(
            `\`${what}\`[${Math.floor(at / fanOut)}, ${at % fanOut}] should be ${formatNumber(expected.storage[at]!)}, but it is ${formatNumber(W.storage[at]!)}.${consistent ? ` Your weights are the generator's draws times ${formatNumber(factor)}; Kaiming's factor is gain / √fan_in = ${formatNumber(gain / Math.sqrt(fanIn))}.` : " Draw randn([fanIn, fanOut], { generator: g }) once, then multiply by the std."}`,
          );
        });
      },
      { numRuns: 40 },
    );
  },
);
