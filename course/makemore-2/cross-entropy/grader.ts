import fc from "fast-check";
import { CheckFailure, check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, isClose } from "#kit/expect.ts";
import { expectGradient } from "#kit/numeric.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";
import {
  crossEntropy,
  Generator,
  noGrad,
  randint,
  randn,
  Tensor,
  tensor,
  zeros,
} from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/17-cross-entropy/loss.ts");
const learner = loadTarget<Target>("loss.ts", ["nllByHand", "stableCrossEntropy"]);

type LossName = "nllByHand" | "stableCrossEntropy";
type LossFunction = (logits: Tensor, Y: Tensor) => Tensor;

const problem = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  classes: fc.integer({ min: 2, max: 10 }),
  seed: fc.nat(),
  scale: fc.constantFrom(0.5, 1, 3),
});
type Problem = { n: number; classes: number; seed: number; scale: number };
function make(p: Problem) {
  const g = new Generator().manualSeed(p.seed);
  return {
    logits: randn([p.n, p.classes], { generator: g }).mul(p.scale),
    Y: randint(0, p.classes, [p.n], { generator: g }),
  };
}
const show = (p: Problem, call: string) =>
  `const g = new Generator().manualSeed(${p.seed});\nconst logits = randn([${p.n}, ${p.classes}], { generator: g }).mul(${p.scale});\nconst Y = randint(0, ${p.classes}, [${p.n}], { generator: g });\n${call}`;

/** A small problem written out, for the checks that look at one case. */
const floats = (rows: number[][]) => tensor(rows, { dtype: "float32" });
const rowsCode = (rows: number[][]) => `[${rows.map((r) => `[${r.join(", ")}]`).join(", ")}]`;

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
 * Calls the learner's loss, naming the missing keepdim when broadcasting trips on it: a row's
 * sum (or max) without keepdim has shape [n], which lines up with the columns, not the rows.
 */
function callLoss(
  fn: LossFunction,
  name: LossName,
  logits: Tensor,
  Y: Tensor,
  code?: string,
): unknown {
  try {
    return fn(logits, Y);
  } catch (error) {
    const [n, classes] = logits.shape as [number, number];
    const full = `[${n}, ${classes}]`;
    if (
      error instanceof Error &&
      n > 1 &&
      n !== classes &&
      (error.message.includes(`${full} and [${n}]`) || error.message.includes(`[${n}] and ${full}`))
    ) {
      fail(
        `\`${name}\` combines the ${full} logits with a tensor of shape [${n}]: a row's sum (or max) taken without keepdim. Broadcasting lines shapes up from the last dimension, so those ${n} numbers, one per row, meet the ${classes} columns, not the ${n} rows. Here the shapes do not fit; with as many rows as columns, the row sums would silently broadcast across the columns (row j's sum dividing column j). Keep the dimension: counts.sum(1, true) has shape [${n}, 1], as does logits.max(1, true).values.`,
        { mistake: "normalised-without-keepdim", ...(code === undefined ? {} : { code }) },
      );
    }
    throw error;
  }
}

/** A 2×3 problem before the drawn ones: a missing keepdim cannot hide behind a square shape there. */
function keepdimProbe(fn: LossFunction, name: LossName): void {
  const rows = [
    [1, 2, 3],
    [3, 1, 2],
  ];
  const code = `${name}(tensor(${rowsCode(rows)}, { dtype: "float32" }), tensor([0, 2]));`;
  try {
    callLoss(fn, name, floats(rows), tensor([0, 2]), code);
  } catch (error) {
    if (error instanceof CheckFailure || (error instanceof Error && error.name === "TodoError"))
      throw error;
    // Anything else the property below reports, with the input that shows it.
  }
}

/** Compares a loss with F.cross_entropy's, naming a sum where the mean was wanted. */
function expectLoss(got: number, expected: number, what: string, n: number): void {
  if (n > 1 && isClose(got, expected * n, { rtol: 1e-4, atol: 1e-5 })) {
    fail(
      `\`${what}\` is ${formatNumber(got)}, exactly ${n} times the loss (${formatNumber(expected)}): that is the sum over the ${n} examples. Take the mean (.mean()), so that the loss, and the step a learning rate makes, does not grow with the batch size.`,
      { mistake: "nll-sum-not-mean" },
    );
  }
  expectClose(got, expected, what, { rtol: 1e-4, atol: 1e-5 });
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
function expectWrittenOut(fn: LossFunction, name: LossName): void {
  const rows = [
    [1.5, -0.3, 0.2],
    [-1.1, 0.4, 2.2],
  ];
  const logits = floats(rows).requiresGrad_();
  const code = `const logits = tensor(${rowsCode(rows)}, { dtype: "float32" }).requiresGrad_();\nconst loss = ${name}(logits, tensor([0, 2]));\n// loss.gradFn is the operation that made it; .gradFn.inputs lead back to the logits`;
  const loss = callLoss(fn, name, logits, tensor([0, 2]));
  if (!(loss instanceof Tensor))
    fail(`\`${name}(logits, Y)\` should return a Tensor, but it returned ${describeValue(loss)}.`, {
      code,
    });
  const { ops, reachesLogits } = graphOf(loss, logits);
  const how =
    name === "nllByHand"
      ? "counts = logits.exp(), probs = counts.div(counts.sum(1, true)), then pick, log, mean, neg"
      : "shifted = logits.sub(logits.max(1, true).values), then shifted.sub(shifted.exp().sum(1, true).log()), pick, mean, neg";
  if (ops.has("NllLossBackward0"))
    fail(
      `\`${name}\` hands the work to the kit's crossEntropy (its result was made by NllLossBackward0): right numbers, but this exercise is to write that loss out yourself, from elementary tensor operations: ${how}.`,
      { code, mistake: "cross-entropy-not-written-out" },
    );
  if (ops.has("SoftmaxBackward0"))
    fail(
      `\`${name}\` uses the kit's softmax() (SoftmaxBackward0 is in its graph): the softmax is part of what this exercise writes out. Build it from elementary tensor operations: ${how}.`,
      { code, mistake: "cross-entropy-not-written-out" },
    );
  if (!reachesLogits)
    fail(
      `\`${name}(logits, Y)\` is not computed from the logits by tensor operations: walking back from it through .gradFn never reaches them (its requiresGrad is ${loss.requiresGrad}). Build it from the logits with tensor operations (no noGrad, .data, .item() or plain numbers on the way), so that autograd can differentiate it: ${how}.`,
      { code },
    );
}

check(
  "by-hand",
  "the spelled-out loss (exp, normalise, pick, log, mean) equals F.cross_entropy on ordinary logits",
  2,
  async () => {
    const { nllByHand } = await learner();
    keepdimProbe(nllByHand, "nllByHand");
    await property(
      problem,
      (p) => {
        const { logits, Y } = make(p);
        expectLoss(
          scalar(callLoss(nllByHand, "nllByHand", logits, Y), "nllByHand(logits, Y)"),
          crossEntropy(logits, Y).item(),
          "nllByHand(logits, Y).item()",
          p.n,
        );
      },
      { show: (p) => show(p, "nllByHand(logits, Y);") },
    );
    expectWrittenOut(nllByHand, "nllByHand");
  },
);

check("stable", "the stable loss equals F.cross_entropy, even at logits of 10,000", 2, async () => {
  const { stableCrossEntropy } = await learner();
  const stable = (logits: Tensor, Y: Tensor, what = "stableCrossEntropy(logits, Y)") =>
    scalar(callLoss(stableCrossEntropy, "stableCrossEntropy", logits, Y), what);
  keepdimProbe(stableCrossEntropy, "stableCrossEntropy");
  await property(
    problem,
    (p) => {
      const { logits, Y } = make(p);
      expectLoss(
        stable(logits, Y),
        crossEntropy(logits, Y).item(),
        "stableCrossEntropy(logits, Y).item()",
        p.n,
      );
    },
    { show: (p) => show(p, "stableCrossEntropy(logits, Y);") },
  );
  expectWrittenOut(stableCrossEntropy, "stableCrossEntropy");

  // Large logits whose probabilities are all ordinary: only exp overflowing can break these.
  const large = [
    [1000, 1001, 999],
    [0, 2, 1],
  ];
  const largeCode = `stableCrossEntropy(tensor(${rowsCode(large)}, { dtype: "float32" }), tensor([0, 2]));`;
  const atLarge = stable(floats(large), tensor([0, 2]), "stableCrossEntropy(large, Y)");
  if (!Number.isFinite(atLarge)) {
    fail(
      `For logits around 1,000 the loss is ${formatNumber(atLarge)}: exp(1000) overflows float32 to Infinity${Number.isNaN(atLarge) ? ", and Infinity / Infinity is NaN" : ", and log Σ exp is then Infinity too, which leaves a log-probability of -Infinity"}. Subtract each row's max before exponentiating (logits.max(1, true).values): log-softmax is unchanged by it, and every exponent is then at most 0.`,
      { code: largeCode, mistake: "cross-entropy-overflow" },
    );
  }
  expectClose(
    atLarge,
    crossEntropy(floats(large), tensor([0, 2])).item(),
    "stableCrossEntropy(large, Y).item()",
    { code: largeCode, rtol: 1e-4 },
  );

  // A target far below its row's max: its probability is below the smallest float32.
  const far = [
    [0, -200, 5],
    [1, 2, 3],
  ];
  const farCode = `stableCrossEntropy(tensor(${rowsCode(far)}, { dtype: "float32" }), tensor([1, 2]));`;
  const farExpected = crossEntropy(floats(far), tensor([1, 2])).item();
  const atFar = stable(floats(far), tensor([1, 2]), "stableCrossEntropy(far, Y)");
  if (atFar === Number.POSITIVE_INFINITY) {
    fail(
      `For logits ${rowsCode(far)} with targets [1, 2] the loss is Infinity, not ${formatNumber(farExpected)}. The max was subtracted, so nothing overflowed, but a probability underflowed to 0 before the log: exp(-205) is far below the smallest float32, and log(0) is -Infinity. Stay in log space: log-probs = shifted − log Σ exp(shifted), which never takes the log of a single probability.`,
      { code: farCode, mistake: "cross-entropy-underflow" },
    );
  }
  expectClose(atFar, farExpected, "stableCrossEntropy(far, Y).item()", {
    code: farCode,
    rtol: 1e-4,
  });

  const huge = [
    [10000, 0, -10000],
    [5000, 5001, 0],
  ];
  const Y = tensor([1, 1]);
  const got = stable(floats(huge), Y, "stableCrossEntropy(huge, Y)");
  const code = `stableCrossEntropy(tensor(${rowsCode(huge)}, { dtype: "float32" }), tensor([1, 1]));`;
  expectClose(got, crossEntropy(floats(huge), Y).item(), "stableCrossEntropy(huge, Y).item()", {
    code,
    rtol: 1e-4,
  });
});

check(
  "gradient",
  "backward through the stable loss gives the finite-difference gradient",
  1,
  async () => {
    const { stableCrossEntropy } = await learner();
    // A gradient is only the learner's if the loss is: the kit's crossEntropy has its own backward.
    expectWrittenOut(stableCrossEntropy, "stableCrossEntropy");
    const x = zeros([2, 3], { dtype: "float64", requiresGrad: true });
    [1.5, -0.3, 0.2, -1.1, 0.4, 2.2].forEach((v, i) => {
      x.storage[i] = v;
    });
    const Y = tensor([0, 2]);
    const loss = stableCrossEntropy(x, Y);
    if (!(loss instanceof Tensor) || !loss.requiresGrad)
      fail(
        "The loss does not require grad: compute it with tensor operations on the logits so that backward() reaches them.",
      );
    loss.backward();
    for (let i = 0; i < 6; i++) {
      const saved = x.storage[i]!;
      x.storage[i] = saved + 1e-6;
      const up = noGrad(() => stableCrossEntropy(x, Y).item());
      x.storage[i] = saved - 1e-6;
      const down = noGrad(() => stableCrossEntropy(x, Y).item());
      x.storage[i] = saved;
      expectGradient(
        x.grad?.storage[i],
        (up - down) / 2e-6,
        `logits[${Math.floor(i / 3)}, ${i % 3}]`,
      );
    }
  },
);
