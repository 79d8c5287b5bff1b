import fc from "fast-check";
import { CheckFailure, check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { isClose } from "#kit/expect.ts";
import { expectGradient } from "#kit/numeric.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import {
  importLearner,
  runScenario,
  type ScenarioValues,
  scenario,
  withCode,
} from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { arange, Generator, noGrad, randn, Tensor, tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/11-softmax/softmax.ts");
const learner = loadTarget<Target>("softmax.ts", ["oneHotInputs", "bigramLogits", "softmaxRows"]);

const indices = fc
  .tuple(fc.integer({ min: 2, max: 27 }), fc.integer({ min: 1, max: 8 }))
  .chain(([size, n]) =>
    fc.tuple(
      fc.constant(size),
      fc.array(fc.integer({ min: 0, max: size - 1 }), { minLength: n, maxLength: n }),
    ),
  );
const logitRows = fc.tuple(
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 2, max: 6 }),
  fc.nat(),
);

function expectTensor(t: unknown, what: string, shape: readonly number[]): Tensor {
  if (!(t instanceof Tensor))
    fail(`\`${what}\` should be a Tensor, but it is ${describeValue(t)}.`);
  if (t.shape.join() !== shape.join())
    fail(
      `\`${what}\` should have shape [${shape.join(", ")}], but it has [${t.shape.join(", ")}].`,
    );
  return t;
}

/** The learner's `name` and what the snippet needs of the kit's tensor library. */
const importsOf = (name: "oneHotInputs" | "bigramLogits" | "softmaxRows", tensors: string[]) =>
  `${importLearner(learner, name)}
import { ${tensors.join(", ")} } from "#reference/tensor/index.ts";`;

check("one-hot", "one-hot rows as floats, one 1 per row", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(indices, async ([size, xs]) => {
    const code = `${importsOf("oneHotInputs", ["tensor"])}
const x = oneHotInputs(tensor([${xs.join(", ")}]), ${size});`;
    await scenario(learner, code, ({ x: got }) => {
      const x = expectTensor(got, "x", [xs.length, size]);
      if (x.dtype !== "float32" && x.dtype !== "float64") {
        fail(
          `The one-hot rows are ${x.dtype}: integers. A network multiplies its inputs by float weights, so convert with .float() (the lecture's F.one_hot(xs).float()).`,
          { mistake: "one-hot-integers" },
        );
      }
      xs.forEach((k, row) => {
        for (let j = 0; j < size; j++)
          if (x.get(row, j) !== (j === k ? 1 : 0))
            fail(
              `Row ${row} should have its only 1 at column ${k}, but column ${j} holds ${x.get(row, j)}.`,
            );
      });
    });
  });
});

check("logits", "the logits are the one-hot rows times W, which picks rows of W", 1, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  // W is not square, so that its rows (one per input character) and its columns (one per
  // output) cannot be mixed up without failing.
  await property(fc.tuple(indices, fc.integer({ min: 1, max: 28 })), async ([[size, xs], d]) => {
    const cols = ((size + d) % 30) + 1;
    const W = randn([size, cols], { generator: new Generator().manualSeed(size) });
    const code = `${importsOf("bigramLogits", ["Generator", "randn", "tensor"])}
const W = randn([${size}, ${cols}], { generator: new Generator().manualSeed(${size}) });
const logits = bigramLogits(W, tensor([${xs.join(", ")}]));`;
    await scenario(learner, code, ({ logits: got }) => {
      const logits = expectTensor(got, "logits", [xs.length, cols]);
      xs.forEach((k, row) => {
        for (let j = 0; j < cols; j++)
          if (!isClose(logits.get(row, j), W.get(k, j), { rtol: 1e-6 }))
            fail(
              `Logit [${row}, ${j}] should be W[${k}, ${j}] = ${formatNumber(W.get(k, j))}, but it is ${formatNumber(logits.get(row, j))}.`,
            );
      });
    });
  });
});

/** A broadcasting error between [rows, columns] and [rows]: a reduction of a row without keepdim. */
function isKeepdimError(error: unknown, rows: number, columns: number): boolean {
  const message = error instanceof CheckFailure ? error.message : "";
  return message.includes(`[${rows}, ${columns}]`) && message.includes(`[${rows}]`);
}

function failKeepdim(rows: number, columns: number, code: string): never {
  fail(
    `softmaxRows combines the [${rows}, ${columns}] logits with a tensor of shape [${rows}], one number per row: a row's sum (or max) taken without keepdim. Broadcasting lines shapes up from the last dimension, so those ${rows} numbers meet the ${columns} columns, not the ${rows} rows (with as many rows as columns it silently divides column j by row j's sum). Keep the dimension: counts.sum(1, true) has shape [${rows}, 1].`,
    { mistake: "normalised-without-keepdim", code },
  );
}

check(
  "softmax",
  "softmax rows are positive, sum to 1, and ignore a constant added to a row",
  2,
  async () => {
    await learner(); // first, so that a file that does not load is an error, not a failed input
    await property(
      fc.tuple(logitRows, fc.double({ min: -20, max: 20, noNaN: true })),
      async ([[m, n, seed], c]) => {
        const logits = randn([m, n], { generator: new Generator().manualSeed(seed) }).mul(3);
        const expected = Array.from({ length: m }, (_, i) => {
          const exps = Array.from({ length: n }, (_, j) => Math.exp(logits.get(i, j)));
          const total = exps.reduce((a, b) => a + b);
          return exps.map((e) => e / total);
        });
        const code = `${importsOf("softmaxRows", ["Generator", "randn"])}
const logits = randn([${m}, ${n}], { generator: new Generator().manualSeed(${seed}) }).mul(3);
const p = softmaxRows(logits);
const shifted = softmaxRows(logits.add(${c}));`;
        let values: ScenarioValues;
        try {
          values = await runScenario(learner, code);
        } catch (error) {
          // [m, n] against [m]: a row's sum or max taken without keepdim, lined up with the columns.
          if (m > 1 && m !== n && isKeepdimError(error, m, n)) failKeepdim(m, n, code);
          throw error;
        }
        // A square input hides a missing keepdim (row j's sum divides column j): wrong values there
        // are named only if a 2 × 3 input, where the shapes cannot fit, confirms it.
        const p = values["p"];
        if (
          m > 1 &&
          m === n &&
          p instanceof Tensor &&
          p.numel() === m * n &&
          expected.flat().some((v, k) => !isClose(p.storage[k]!, v, { rtol: 1e-4, atol: 1e-7 }))
        ) {
          const probe = `${importsOf("softmaxRows", ["tensor"])}
const logits = tensor([[1, 2, 3], [3, 1, 2]]);
const p = softmaxRows(logits);`;
          try {
            await runScenario(learner, probe);
          } catch (error) {
            if (isKeepdimError(error, 2, 3)) failKeepdim(2, 3, probe);
          }
        }
        const inspect = ({ p: got, shifted: gotShifted, logits: given }: ScenarioValues) => {
          // The grader's own logits, drawn the same way: a softmax that shifts them in place is named.
          expectInputsUnchanged("softmaxRows(logits)", { logits: [given, logits] });
          const p = expectTensor(got, "p", [m, n]);
          const shifted = expectTensor(gotShifted, "shifted", [m, n]);
          for (let i = 0; i < m; i++) {
            let total = 0;
            for (let j = 0; j < n; j++) {
              const want = expected[i]![j]!;
              if (!isClose(p.get(i, j), want, { rtol: 1e-4, atol: 1e-7 }))
                fail(
                  `softmax [${i}, ${j}] should be ${formatNumber(want)}, but it is ${formatNumber(p.get(i, j))}: exp of each logit, divided by the sum of its row's exps.`,
                );
              if (!isClose(shifted.get(i, j), p.get(i, j), { rtol: 1e-4, atol: 1e-7 }))
                fail(
                  `Adding ${formatNumber(c)} to every logit changed softmax [${i}, ${j}] from ${formatNumber(p.get(i, j))} to ${formatNumber(shifted.get(i, j))}; softmax(x + c) = softmax(x).`,
                );
              total += p.get(i, j);
            }
            if (!isClose(total, 1, { rtol: 1e-5 }))
              fail(
                `Row ${i} of the softmax sums to ${formatNumber(total)}, not 1: divide by the sum of the row (keepdim).`,
              );
          }
        };
        try {
          inspect(values);
        } catch (error) {
          throw withCode(error, code);
        }
      },
    );
  },
);

check("stable", "softmax does not overflow at logits of 1000 and more", 1, async () => {
  const expected = [1 / (1 + Math.exp(-1)), Math.exp(-1) / (1 + Math.exp(-1)), 0, 0, 0.5, 0.5];
  const code = `${importsOf("softmaxRows", ["tensor"])}
const p = softmaxRows(tensor([[1000, 999, 0], [-5, 10000, 10000]]));`;
  await scenario(learner, code, ({ p: got }) => {
    const p = expectTensor(got, "p", [2, 3]);
    const values = [...p.storage];
    if (values.some((v) => !Number.isFinite(v))) {
      fail(
        `For logits of 1000 the softmax is ${p}: exp(1000) overflows to Infinity and Infinity/Infinity is NaN. Subtract each row's max first (logits.max(1, true).values): softmax is unchanged by it, and the largest exp becomes exp(0) = 1.`,
        { mistake: "softmax-overflow" },
      );
    }
    values.forEach((v, i) => {
      if (!isClose(v, expected[i]!, { rtol: 1e-5, atol: 1e-7 }))
        fail(
          `softmax of [[1000, 999, 0], [-5, 10000, 10000]] should be [[0.7311, 0.2689, 0], [0, 0.5, 0.5]], but it is ${p}.`,
        );
    });
  });
});

check(
  "gradient",
  "gradients flow through your softmax (checked against finite differences)",
  1,
  async () => {
    const start = [
      [0.5, -1.2, 2.0],
      [0.1, 0.3, -0.7],
    ];
    const targets = [2, 0];
    const forward = `${importsOf("softmaxRows", ["arange", "tensor"])}
const logits = tensor(${JSON.stringify(start).replaceAll(",", ", ")}, { dtype: "float64", requiresGrad: true });
const loss = softmaxRows(logits).index(arange(2), tensor([${targets.join(", ")}])).log().mean().neg();`;
    await scenario(learner, forward, ({ loss }) => {
      if (!(loss instanceof Tensor) || !loss.requiresGrad)
        fail(
          "The softmax's result does not require grad: build it from tensor operations (sub, exp, sum, div) on the logits, not from plain numbers, so that backward() reaches the weights.",
        );
    });
    // Finite differences through the learner's own softmax, on the grader's own copies of the logits.
    const { softmaxRows } = await learner();
    const lossAt = (values: readonly number[]) =>
      noGrad(() =>
        softmaxRows(tensor([values.slice(0, 3), values.slice(3)], { dtype: "float64" }))
          .index(arange(2), tensor(targets))
          .log()
          .mean()
          .neg()
          .item(),
      );
    await scenario(learner, `${forward}\nloss.backward();`, ({ logits }) => {
      const grad = (logits as Tensor).grad;
      for (let i = 0; i < 6; i++) {
        const h = 1e-6;
        const up = start.flat();
        const down = start.flat();
        up[i]! += h;
        down[i]! -= h;
        expectGradient(
          grad?.storage[i],
          (lossAt(up) - lossAt(down)) / (2 * h),
          `logits[${Math.floor(i / 3)}, ${i % 3}]`,
        );
      }
    });
  },
);
