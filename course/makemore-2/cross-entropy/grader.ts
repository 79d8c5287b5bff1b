import fc from "fast-check";
import { CheckFailure, check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, isClose } from "#kit/expect.ts";
import {
  type Case,
  confirmedExplanation,
  type Explanation,
  flippedSign,
  timesCount,
} from "#kit/explanations.ts";
import { expectGradient } from "#kit/numeric.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { referenceCallsDuring } from "#kit/reference-calls.ts";
import { importLearner, runScenario, type ScenarioValues, withCode } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import {
  crossEntropy,
  Generator,
  noGrad,
  randint,
  randn,
  Tensor,
  tensor,
} from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/17-cross-entropy/loss.ts");
const learner = loadTarget<Target>("loss.ts", ["nllByHand", "stableCrossEntropy"]);

type LossName = "nllByHand" | "stableCrossEntropy";

const problem = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  classes: fc.integer({ min: 2, max: 10 }),
  seed: fc.nat(),
  scale: fc.constantFrom(0.5, 1, 3),
});
type Problem = { n: number; classes: number; seed: number; scale: number };

/** The grader's own logits and targets; the scenario makes the same ones from the same seed. */
function make(p: Problem) {
  const g = new Generator().manualSeed(p.seed);
  return {
    logits: randn([p.n, p.classes], { generator: g }).mul(p.scale),
    Y: randint(0, p.classes, [p.n], { generator: g }),
  };
}

/** The scenario for a drawn problem: logits and Y made as make(p) makes them, then the loss. */
const problemCode = (p: Problem, name: LossName) => `${importLearner(learner, name)}
import { Generator, randint, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${p.seed});
const logits = randn([${p.n}, ${p.classes}], { generator: g }).mul(${p.scale});
const Y = randint(0, ${p.classes}, [${p.n}], { generator: g });
const loss = ${name}(logits, Y);`;

/** A small problem written out, for the checks that look at one case. */
const floats = (rows: number[][], dtype: "float32" | "float64" = "float32") =>
  tensor(rows, { dtype });
const rowsCode = (rows: number[][]) => `[${rows.map((r) => `[${r.join(", ")}]`).join(", ")}]`;

/** The scenario for a written-out problem: `rows` as logits, `targets` as Y, then the loss. */
const fixedCode = (
  name: LossName,
  rows: number[][],
  targets: number[],
  options: { requiresGrad?: boolean; dtype?: "float32" | "float64"; after?: string } = {},
) => `${importLearner(learner, name)}
import { tensor } from "#reference/tensor/index.ts";
const logits = tensor(${rowsCode(rows)}, { dtype: "${options.dtype ?? "float32"}"${options.requiresGrad ? ", requiresGrad: true" : ""} });
const Y = tensor([${targets.join(", ")}]);
const loss = ${name}(logits, Y);${options.after === undefined ? "" : `\n${options.after}`}`;

function scalar(t: unknown, what: string): number {
  if (!(t instanceof Tensor))
    fail(`\`${what}\` should be a Tensor, but it is ${describeValue(t)}.`);
  if (t.numel() !== 1)
    fail(
      `\`${what}\` should be one number (the mean over examples), but it has shape [${t.shape.join(", ")}].`,
    );
  return t.item();
}

/**
 * Runs a loss scenario, naming the missing keepdim when broadcasting trips on it: a row's sum
 * (or max) without keepdim has shape [n], which lines up with the columns, not the rows.
 */
async function runLoss(
  name: LossName,
  [n, classes]: readonly [number, number],
  code: string,
): Promise<ScenarioValues> {
  try {
    // The expected values are the grader's own, computed before; only the learner's code runs here.
    const { value, called } = await referenceCallsDuring(() => runScenario(learner, code));
    const fused = ["crossEntropy", "softmax", "logSoftmax"].filter((f) => called.has(f));
    if (fused.length > 0)
      fail(
        `\`${name}\` hands the work to the kit's ${fused.map((f) => `${f}()`).join(" and ")}: it called ${fused.length === 1 ? "it" : "them"} while it ran (under noGrad or not, whatever gradient is attached afterwards). Right numbers, but this exercise is to write that loss out yourself, from elementary tensor operations: ${howToWriteOut(name)}.`,
        { mistake: "cross-entropy-not-written-out", code },
      );
    return value;
  } catch (error) {
    const full = `[${n}, ${classes}]`;
    if (
      error instanceof Error &&
      n > 1 &&
      n !== classes &&
      (error.message.includes(`${full} and [${n}]`) || error.message.includes(`[${n}] and ${full}`))
    ) {
      fail(
        `\`${name}\` combines the ${full} logits with a tensor of shape [${n}]: a row's sum (or max) taken without keepdim. Broadcasting lines shapes up from the last dimension, so those ${n} numbers, one per row, meet the ${classes} columns, not the ${n} rows. Here the shapes do not fit; with as many rows as columns, the row sums would silently broadcast across the columns (row j's sum dividing column j). Keep the dimension: counts.sum(1, true) has shape [${n}, 1], as does logits.max(1, true).values.`,
        { mistake: "normalised-without-keepdim", code },
      );
    }
    throw error;
  }
}

/** runLoss, then `inspect` on its variables; a failure in `inspect` shows the scenario. */
async function lossScenario(
  name: LossName,
  shape: readonly [number, number],
  code: string,
  inspect: (values: ScenarioValues) => void,
): Promise<void> {
  const values = await runLoss(name, shape, code);
  try {
    inspect(values);
  } catch (error) {
    throw withCode(error, code);
  }
}

/** A 2×3 problem before the drawn ones: a missing keepdim cannot hide behind a square shape there. */
async function keepdimProbe(name: LossName): Promise<void> {
  const rows = [
    [1, 2, 3],
    [3, 1, 2],
  ];
  try {
    await runLoss(name, [2, 3], fixedCode(name, rows, [0, 2]));
  } catch (error) {
    if (
      (error instanceof CheckFailure && error.mistake === "normalised-without-keepdim") ||
      (error instanceof Error && error.name === "TodoError")
    )
      throw error;
    // Anything else the property below reports, with the input that shows it.
  }
}

/**
 * The causes of a wrong loss this check can tell apart. Each is named only when a second
 * problem, with another number of examples, confirms it: on one problem of n examples, a sum
 * where the mean belongs cannot be told from any other mistake that scales the loss by n.
 */
const lossExplanations = (what: string): readonly Explanation[] => [
  timesCount(
    "examples",
    (c) =>
      `\`${what}\` is ${formatNumber(c.got)}, exactly ${c.counts["examples"]} times the loss (${formatNumber(c.expected)}): that is the sum over the ${c.counts["examples"]} examples (a second problem, of another size, confirms it). Take the mean (.mean()), so that the loss, and the step a learning rate makes, does not grow with the batch size.`,
    "nll-sum-not-mean",
  ),
  flippedSign(
    (c) =>
      `\`${what}\` is ${formatNumber(c.got)}, the loss with its sign flipped (a second problem confirms it): the mean log-probability of the right classes is negative, and the loss is its negative, .neg() at the end.`,
    "nll-sign",
  ),
];

/** The learner's loss on a second problem, of another number of examples than `first`. */
async function secondLossCase(name: LossName, first: Problem): Promise<Case> {
  const p: Problem = { n: first.n === 4 ? 5 : 4, classes: 3, seed: 11, scale: 1 };
  const { logits, Y } = make(p);
  const expected = crossEntropy(logits, Y).item();
  const code = problemCode(p, name);
  const values = await runLoss(name, [p.n, p.classes], code);
  try {
    return {
      expected,
      got: scalar(values["loss"], `${name}(logits, Y)`),
      counts: { examples: p.n },
    };
  } catch (error) {
    throw withCode(error, code);
  }
}

/** The loss of a drawn problem equals the kit's crossEntropy on the same problem. */
async function expectDrawnLoss(name: LossName, p: Problem): Promise<void> {
  const { logits, Y } = make(p);
  const expected = crossEntropy(logits, Y).item();
  const what = `${name}(logits, Y).item()`;
  const code = problemCode(p, name);
  const values = await runLoss(name, [p.n, p.classes], code);
  try {
    // The grader's logits and Y: a shift or scaling done in place on the caller's is named first.
    expectInputsUnchanged(`${name}(logits, Y)`, {
      logits: [values["logits"], logits],
      Y: [values["Y"], Y],
    });
    const got = scalar(values["loss"], `${name}(logits, Y)`);
    if (!isClose(got, expected, { rtol: 1e-4, atol: 1e-5 })) {
      const first: Case = { expected, got, counts: { examples: p.n } };
      const second = await secondLossCase(name, p);
      const why = confirmedExplanation([first, second], lossExplanations(what));
      if (why) fail(why.sentence(first), why.mistake ? { mistake: why.mistake } : {});
    }
    expectClose(got, expected, what, { rtol: 1e-4, atol: 1e-5 });
  } catch (error) {
    throw withCode(error, code);
  }
}

/** The elementary operations each loss is written with, for the sentences that ask for them. */
function howToWriteOut(name: LossName): string {
  return name === "nllByHand"
    ? "counts = logits.exp(), probs = counts.div(counts.sum(1, true)), then pick, log, mean, neg"
    : "shifted = logits.sub(logits.max(1, true).values), then shifted.sub(shifted.exp().sum(1, true).log()), pick, mean, neg";
}

/** Every operation the loss was computed with (each tensor records the one that made it), and whether the walk reaches the logits. */
function graphOf(loss: Tensor, logits: Tensor): { ops: Set<string>; reachesLogits: boolean } {
  const ops = new Set<string>();
  const seen = new Set<Tensor>();
  const stack = [loss];
  let reachesLogits = false;
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (t === logits) reachesLogits = true;
    if (!t.gradFn) continue;
    ops.add(t.gradFn.name);
    stack.push(...t.gradFn.inputs);
  }
  return { ops, reachesLogits };
}

/**
 * The exercise is to write the loss out: the kit's fused crossEntropy, or its softmax, anywhere
 * in the graph means the learner's own arithmetic was not what got graded.
 */
async function expectWrittenOut(name: LossName): Promise<void> {
  const rows = [
    [1.5, -0.3, 0.2],
    [-1.1, 0.4, 2.2],
  ];
  const code = fixedCode(name, rows, [0, 2], {
    requiresGrad: true,
    after: "// loss.gradFn is the operation that made it; .gradFn.inputs lead back to the logits",
  });
  await lossScenario(name, [2, 3], code, ({ loss, logits }) => {
    if (!(loss instanceof Tensor))
      fail(
        `\`${name}(logits, Y)\` should return a Tensor, but it returned ${describeValue(loss)}.`,
      );
    const { ops, reachesLogits } = graphOf(loss, logits);
    const how = howToWriteOut(name);
    if (ops.has("NllLossBackward0"))
      fail(
        `\`${name}\` hands the work to the kit's crossEntropy (its result was made by NllLossBackward0): right numbers, but this exercise is to write that loss out yourself, from elementary tensor operations: ${how}.`,
        { mistake: "cross-entropy-not-written-out" },
      );
    if (ops.has("SoftmaxBackward0"))
      fail(
        `\`${name}\` uses the kit's softmax() (SoftmaxBackward0 is in its graph): the softmax is part of what this exercise writes out. Build it from elementary tensor operations: ${how}.`,
        { mistake: "cross-entropy-not-written-out" },
      );
    if (!reachesLogits)
      fail(
        `\`${name}(logits, Y)\` is not computed from the logits by tensor operations: walking back from it through .gradFn never reaches them (its requiresGrad is ${loss.requiresGrad}). Build it from the logits with tensor operations (no noGrad, .data, .item() or plain numbers on the way), so that autograd can differentiate it: ${how}.`,
      );
  });
}

check(
  "by-hand",
  "the spelled-out loss (exp, normalise, pick, log, mean) equals F.cross_entropy on ordinary logits",
  2,
  async () => {
    // Loaded before any drawn input, so that a file that does not load is reported as such.
    await learner();
    await keepdimProbe("nllByHand");
    await property(problem, (p) => expectDrawnLoss("nllByHand", p));
    await expectWrittenOut("nllByHand");
  },
);

check("stable", "the stable loss equals F.cross_entropy, even at logits of 10,000", 2, async () => {
  // Loaded before any drawn input, so that a file that does not load is reported as such.
  await learner();
  const name = "stableCrossEntropy";
  await keepdimProbe(name);
  await property(problem, (p) => expectDrawnLoss(name, p));
  await expectWrittenOut(name);

  // Large logits whose probabilities are all ordinary: only exp overflowing can break these.
  const large = [
    [1000, 1001, 999],
    [0, 2, 1],
  ];
  const largeExpected = crossEntropy(floats(large), tensor([0, 2])).item();
  await lossScenario(name, [2, 3], fixedCode(name, large, [0, 2]), ({ loss }) => {
    const got = scalar(loss, `${name}(logits, Y)`);
    if (!Number.isFinite(got)) {
      fail(
        `For logits around 1,000 the loss is ${formatNumber(got)}: exp(1000) overflows float32 to Infinity${Number.isNaN(got) ? ", and Infinity / Infinity is NaN" : ", and log Σ exp is then Infinity too, which leaves a log-probability of -Infinity"}. Subtract each row's max before exponentiating (logits.max(1, true).values): log-softmax is unchanged by it, and every exponent is then at most 0.`,
        { mistake: "cross-entropy-overflow" },
      );
    }
    expectClose(got, largeExpected, `${name}(logits, Y).item()`, { rtol: 1e-4 });
  });

  // A target far below its row's max: its probability is below the smallest float32.
  const far = [
    [0, -200, 5],
    [1, 2, 3],
  ];
  const farExpected = crossEntropy(floats(far), tensor([1, 2])).item();
  await lossScenario(name, [2, 3], fixedCode(name, far, [1, 2]), ({ loss }) => {
    const got = scalar(loss, `${name}(logits, Y)`);
    if (got === Number.POSITIVE_INFINITY) {
      fail(
        `For logits ${rowsCode(far)} with targets [1, 2] the loss is Infinity, not ${formatNumber(farExpected)}. The max was subtracted, so nothing overflowed, but a probability underflowed to 0 before the log: exp(-205) is far below the smallest float32, and log(0) is -Infinity. Stay in log space: log-probs = shifted − log Σ exp(shifted), which never takes the log of a single probability.`,
        { mistake: "cross-entropy-underflow" },
      );
    }
    expectClose(got, farExpected, `${name}(logits, Y).item()`, { rtol: 1e-4 });
  });

  const huge = [
    [10000, 0, -10000],
    [5000, 5001, 0],
  ];
  const hugeExpected = crossEntropy(floats(huge), tensor([1, 1])).item();
  await lossScenario(name, [2, 3], fixedCode(name, huge, [1, 1]), ({ loss }) => {
    expectClose(scalar(loss, `${name}(logits, Y)`), hugeExpected, `${name}(logits, Y).item()`, {
      rtol: 1e-4,
    });
  });
});

check(
  "gradient",
  "backward through the stable loss gives the finite-difference gradient",
  1,
  async () => {
    const name = "stableCrossEntropy";
    // A gradient is only the learner's if the loss is: the kit's crossEntropy has its own backward.
    await expectWrittenOut(name);
    const rows = [
      [1.5, -0.3, 0.2],
      [-1.1, 0.4, 2.2],
    ];
    const targets = [0, 2];
    // Central differences of the kit's loss, in float64, on the grader's own copy of the logits.
    const x = floats(rows, "float64");
    const Y = tensor(targets);
    const measured = [...x.storage].map((_, i) => {
      const saved = x.storage[i]!;
      x.storage[i] = saved + 1e-6;
      const up = noGrad(() => crossEntropy(x, Y).item());
      x.storage[i] = saved - 1e-6;
      const down = noGrad(() => crossEntropy(x, Y).item());
      x.storage[i] = saved;
      return (up - down) / 2e-6;
    });
    const code = fixedCode(name, rows, targets, {
      dtype: "float64",
      requiresGrad: true,
      after: "loss.backward();\n// logits.grad should be the loss's finite-difference gradient",
    });
    let values: ScenarioValues;
    try {
      values = await runLoss(name, [2, 3], code);
    } catch (error) {
      if (error instanceof Error && error.message.includes("needs a tensor that requires grad"))
        fail(
          "The loss does not require grad: compute it with tensor operations on the logits so that backward() reaches them.",
          { code },
        );
      throw error;
    }
    try {
      const grad = (values["logits"] as Tensor).grad;
      measured.forEach((m, i) => {
        expectGradient(grad?.storage[i], m, `logits[${Math.floor(i / 3)}, ${i % 3}]`);
      });
    } catch (error) {
      throw withCode(error, code);
    }
  },
);
