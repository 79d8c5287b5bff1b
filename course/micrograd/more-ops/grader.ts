import fc from "fast-check";
import { programArbitrary } from "#kit/arbitraries/micrograd.ts";
import { expectProgramGradients } from "#kit/arbitraries/values.ts";
import { check, fail } from "#kit/check.ts";
import { formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose, type Tolerance } from "#kit/expect.ts";
import {
  type Case,
  confirmedExplanation,
  type Explanation,
  flippedSign,
} from "#kit/explanations.ts";
import { expectGradient } from "#kit/numeric.ts";
import { property } from "#kit/property.ts";
import { importLearner, runScenario, type ScenarioValues, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";

type Target = typeof import("#solutions/04-more-ops/engine.ts");
const learner = loadTarget<Target>("engine.ts", ["Value", "add", "mul", "sub", "div"]);

const imports = importLearner(learner, "Value");

const number = (lo: number, hi: number) =>
  fc.integer({ min: lo * 100, max: hi * 100 }).map((n) => n / 100);

/**
 * Runs `forward` (code that declares `out`) and checks out.data; then runs it again with
 * out.backward() (and `note`, a comment saying what to expect) and hands those variables to
 * `inspect`. A wrong or missing result is shown without the backward pass it would break.
 */
async function forwardThenBackward(
  forward: string,
  data: number,
  tolerance: Tolerance,
  note: string,
  inspect: (values: ScenarioValues) => void | Promise<void>,
): Promise<void> {
  await scenario(learner, forward, ({ out }) => {
    expectClose(out?.data, data, "out.data", tolerance);
  });
  await scenario(learner, `${forward}\nout.backward();${note ? `\n${note}` : ""}`, inspect);
}

/** The wrong d(x^k)/dx a learner may write, each predicted from x and k. */
const powExplanations: readonly Explanation[] = [
  {
    predict: (c) => c.counts["k"]! * c.counts["x"]! ** c.counts["k"]!,
    sentence: (c) =>
      `For a = ${c.counts["x"]} and k = ${c.counts["k"]}, a.grad is ${formatNumber(c.got)} = k·x^k (a second base confirms it): the exponent in the derivative is off by one. d/dx x^k = k·x^(k-1) = ${formatNumber(c.expected)}.`,
    mistake: "pow-exponent-off-by-one",
  },
  {
    predict: (c) => c.counts["x"]! ** (c.counts["k"]! - 1),
    sentence: (c) =>
      `For a = ${c.counts["x"]} and k = ${c.counts["k"]}, a.grad is ${formatNumber(c.got)} = x^(k-1) (a second base confirms it): the factor k is missing. d/dx x^k = k·x^(k-1) = ${formatNumber(c.expected)}.`,
  },
];

/** The learner's a.grad for a.pow(k) at a second base, other than x. */
async function secondPowCase(x: number, k: number): Promise<Case> {
  const base = x === 2 ? 1.5 : 2;
  const values = await runScenario(
    learner,
    `${imports}\nconst a = new Value(${base});\nconst out = a.pow(${k});\nout.backward();`,
  );
  return {
    expected: k * base ** (k - 1),
    got: Number((values["a"] as { grad?: unknown } | undefined)?.grad),
    counts: { x: base, k },
  };
}

check("pow", "pow(k): x^k, with local derivative k·x^(k-1)", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(
    fc.tuple(number(0.3, 3), fc.constantFrom(2, 3, -1, 0.5, 1.5, -2)),
    async ([x, k]) => {
      const expected = k * x ** (k - 1);
      const forward = `${imports}
const a = new Value(${x});
const out = a.pow(${k});`;
      await forwardThenBackward(
        forward,
        x ** k,
        { rtol: 1e-12 },
        `// a.grad should be ${formatNumber(expected)}`,
        async ({ a }) => {
          const got = expectNumber(a.grad, "a.grad");
          if (!isClose(got, expected)) {
            // A cause is named only once a second base confirms it.
            const first: Case = { expected, got, counts: { x, k } };
            const why = confirmedExplanation([first, await secondPowCase(x, k)], powExplanations);
            if (why) fail(why.sentence(first), why.mistake ? { mistake: why.mistake } : {});
          }
          expectGradient(got, expected, "a", { why: `d/dx x^${k} = ${k}·x^${k - 1}.` });
        },
      );
    },
  );
});

/** The wrong d(a/b)/db a learner may write, each predicted from a and b. */
const divExplanations: readonly Explanation[] = [
  {
    predict: (c) => c.counts["a"]!,
    sentence: (c) =>
      `For a = ${c.counts["a"]} and b = ${c.counts["b"]}, b.grad is ${formatNumber(c.got)}, which is a: d(a/b)/db is not a but -a/b² = ${formatNumber(c.expected)}.`,
    mistake: "div-grad-b-is-a",
  },
  {
    predict: (c) => 1 / c.counts["b"]!,
    sentence: (c) =>
      `For a = ${c.counts["a"]} and b = ${c.counts["b"]}, b.grad is ${formatNumber(c.got)}, which is 1/b: that is d(a/b)/da. For b the derivative is -a/b² = ${formatNumber(c.expected)}.`,
    mistake: "div-grad-b-is-inverse",
  },
  flippedSign(
    (c) =>
      `For a = ${c.counts["a"]} and b = ${c.counts["b"]}, b.grad is ${formatNumber(c.got)}, which is a/b² without its minus sign: a larger b makes a/b smaller, so d(a/b)/db = -a/b² = ${formatNumber(c.expected)}.`,
  ),
  {
    predict: (c) => -1 / c.counts["b"]! ** 2,
    sentence: (c) =>
      `For a = ${c.counts["a"]} and b = ${c.counts["b"]}, b.grad is ${formatNumber(c.got)}, which is -1/b², the derivative of 1/b alone: multiply by a, d(a/b)/db = -a/b² = ${formatNumber(c.expected)}.`,
  },
];

/** The learner's b.grad for a / b on a fixed second input, other than (x, y). */
async function secondDivCase(x: number, y: number): Promise<Case> {
  const [a, b] = x === 1.5 && y === -2.5 ? [-2, 0.8] : [1.5, -2.5];
  const values = await runScenario(
    learner,
    `${imports}\nconst a = new Value(${a});\nconst b = new Value(${b});\nconst out = a.div(b);\nout.backward();`,
  );
  return { expected: -a / b ** 2, got: Number(values["b"]?.grad), counts: { a, b } };
}

check("div", "a / b, with d/da = 1/b and d/db = -a/b²", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(
    fc
      .tuple(number(-3, 3), number(-3, 3))
      .filter(
        ([x, y]) =>
          Math.abs(y) >= 0.5 &&
          Math.abs(x) >= 0.5 &&
          Math.abs(x + y) > 0.05 &&
          Math.abs(x * y + x) > 0.05,
      ),
    async ([x, y]) => {
      const expected = -x / y ** 2;
      const forward = `${imports}
const a = new Value(${x});
const b = new Value(${y});
const out = a.div(b);`;
      await forwardThenBackward(
        forward,
        x / y,
        { rtol: 1e-12 },
        `// a.grad should be ${formatNumber(1 / y)}, b.grad ${formatNumber(expected)}`,
        async ({ a, b }) => {
          expectGradient(expectNumber(a.grad, "a.grad"), 1 / y, "a", { why: "d(a/b)/da = 1/b." });
          const got = expectNumber(b.grad, "b.grad");
          if (!isClose(got, expected)) {
            // A shrunk input (a = 1/b, b = ±1) fits several causes: each is named only when a
            // second input confirms it and no other.
            const first: Case = { expected, got, counts: { a: x, b: y } };
            const why = confirmedExplanation([first, await secondDivCase(x, y)], divExplanations);
            if (why) fail(why.sentence(first), why.mistake ? { mistake: why.mistake } : {});
          }
          expectGradient(got, expected, "b", { why: "d(a/b)/db = -a/b²." });
        },
      );
    },
  );
});

check("neg-sub", "neg and sub: -a and a - b", 1, async () => {
  const forward = `${imports}
const a = new Value(2.5);
const b = new Value(-1);
const out = a.sub(b).add(a.neg());`;
  await forwardThenBackward(forward, 1, {}, "", ({ a, b }) => {
    expectClose(a.grad, 0, "a.grad", {
      atol: 1e-12,
      why: "a appears once with + and once with -, so its gradients cancel.",
    });
    expectClose(b.grad, -1, "b.grad", { why: "d(a - b)/db = -1." });
  });
});

check("exp-log", "exp and log with their derivatives e^x and 1/x", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(number(0.3, 3), async (x) => {
    const exp = `${imports}
const a = new Value(${x});
const out = a.exp();`;
    await forwardThenBackward(exp, Math.exp(x), { rtol: 1e-12 }, "", ({ a }) => {
      expectGradient(expectNumber(a.grad, "a.grad"), Math.exp(x), "a", { why: "d/dx e^x = e^x." });
    });
    const log = `${imports}
const a = new Value(${x});
const out = a.log();`;
    await forwardThenBackward(log, Math.log(x), { rtol: 1e-12, atol: 1e-12 }, "", ({ a }) => {
      expectGradient(expectNumber(a.grad, "a.grad"), 1 / x, "a", { why: "d/dx ln x = 1/x." });
    });
    // a used twice: each use's gradient adds up, whichever op's step runs last.
    for (const op of ["exp", "log"] as const) {
      const twice = `${imports}
const a = new Value(${x});
const out = a.${op}().add(a.${op}());`;
      const value = 2 * Math[op](x);
      const grad = op === "exp" ? 2 * Math.exp(x) : 2 / x;
      await forwardThenBackward(twice, value, { rtol: 1e-12, atol: 1e-12 }, "", ({ a }) => {
        expectGradient(expectNumber(a.grad, "a.grad"), grad, "a", {
          why: `a is used twice, so both paths' gradients add up: ${op}'s backwardStep must add to this.grad with +=, not assign it.`,
        });
      });
    }
  });
});

check("relu", "relu: max(0, x), passing the gradient only where x > 0", 1, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(
    number(-3, 3).filter((x) => Math.abs(x) > 0.05),
    async (x) => {
      const forward = `${imports}
const a = new Value(${x});
const out = a.relu();`;
      await forwardThenBackward(forward, Math.max(0, x), {}, "", ({ a }) => {
        expectGradient(expectNumber(a.grad, "a.grad"), x > 0 ? 1 : 0, "a", {
          atol: 1e-12,
          why: "relu's local derivative is 1 where the output is positive and 0 where it is cut to 0.",
        });
      });
    },
  );
});

check(
  "numbers",
  "plain numbers on either side: add(2, a), sub(10, a), div(10, a), a.sub(2)",
  1,
  async () => {
    // [the expression, the functions it imports besides Value, out.data, a.grad]
    const cases: [string, ("add" | "mul" | "sub" | "div")[], number, number][] = [
      ["add(2, a)", ["add"], 5, 1],
      ["mul(3, a)", ["mul"], 9, 3],
      ["sub(10, a)", ["sub"], 7, -1],
      ["div(12, a)", ["div"], 4, -12 / 9],
      ["a.sub(2)", [], 1, 1],
      ["a.div(4)", [], 0.75, 0.25],
    ];
    for (const [expression, functions, value, grad] of cases) {
      const forward = `${importLearner(learner, "Value", ...functions)}
const a = new Value(3);
const out = ${expression};`;
      await forwardThenBackward(forward, value, {}, "", ({ a }) => {
        expectClose(a.grad, grad, "a.grad");
      });
    }
  },
);

check(
  "random-graphs",
  "gradients of random graphs of every op match finite differences",
  2,
  async () => {
    await learner(); // first, so that a file that does not load is an error, not a failed input
    await property(
      programArbitrary(["add", "mul", "tanh", "pow", "div", "neg", "sub", "exp", "relu", "log"], 7),
      (program) => expectProgramGradients(learner, program),
    );
  },
);

check(
  "micrograd-expression",
  "micrograd's published example: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773",
  2,
  async () => {
    // micrograd's README example, in the kit's TypeScript (see this exercise's README.md).
    const code = `${importLearner(learner, "Value", "add", "mul", "div")}
const a = new Value(-4);
const b = new Value(2);
let c = a.add(b);
let d = a.mul(b).add(b.pow(3));
c = c.add(c.add(1));
c = c.add(add(1, c).add(a.neg()));
d = d.add(d.mul(2).add(b.add(a).relu()));
d = d.add(mul(3, d).add(b.sub(a).relu()));
const e = c.sub(d);
const f = e.pow(2);
let g = f.div(2);
g = g.add(div(10, f));
g.backward();`;
    await scenario(learner, code, ({ a, b, g }) => {
      expectClose(g.data, 24.70408163265306, "g.data", { rtol: 1e-9 });
      expectClose(a.grad, 138.83381924198252, "a.grad", { rtol: 1e-9 });
      expectClose(b.grad, 645.5772594752186, "b.grad", { rtol: 1e-9 });
    });
  },
);
