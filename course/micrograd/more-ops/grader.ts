import fc from "fast-check";
import { programArbitrary } from "#kit/arbitraries/micrograd.ts";
import { expectProgramGradients } from "#kit/arbitraries/values.ts";
import { check, fail } from "#kit/check.ts";
import { formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { expectGradient } from "#kit/numeric.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";

type Target = typeof import("#solutions/04-more-ops/engine.ts");
const learner = loadTarget<Target>("engine.ts", ["Value", "add", "mul", "sub", "div"]);

const number = (lo: number, hi: number) =>
  fc.integer({ min: lo * 100, max: hi * 100 }).map((n) => n / 100);

check("pow", "pow(k): x^k, with local derivative k·x^(k-1)", 2, async () => {
  const { Value } = await learner();
  await property(
    fc.tuple(number(0.3, 3), fc.constantFrom(2, 3, -1, 0.5, 1.5, -2)),
    ([x, k]) => {
      const a = new Value(x);
      const out = a.pow(k);
      expectClose(out?.data, x ** k, `new Value(${x}).pow(${k}).data`, { rtol: 1e-12 });
      out.backward();
      const expected = k * x ** (k - 1);
      const got = expectNumber(a.grad, "a.grad");
      if (!isClose(got, expected) && isClose(got, k * x ** k)) {
        fail(
          `For a = ${x} and k = ${k}, a.grad is ${formatNumber(got)} = k·x^k: the exponent in the derivative is off by one. d/dx x^k = k·x^(k-1) = ${formatNumber(expected)}.`,
          {
            mistake: "pow-exponent-off-by-one",
          },
        );
      }
      expectGradient(got, expected, "a", { why: `d/dx x^${k} = ${k}·x^${k - 1}.` });
    },
    {
      show: ([x, k]) =>
        `const a = new Value(${x});\na.pow(${k}).backward();\n// a.grad should be ${formatNumber(k * x ** (k - 1))}`,
    },
  );
});

check("div", "a / b, with d/da = 1/b and d/db = -a/b²", 2, async () => {
  const { Value } = await learner();
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
    ([x, y]) => {
      const a = new Value(x);
      const b = new Value(y);
      const out = a.div(b);
      expectClose(out?.data, x / y, `a.div(b).data`, { rtol: 1e-12 });
      out.backward();
      expectGradient(expectNumber(a.grad, "a.grad"), 1 / y, "a", { why: "d(a/b)/da = 1/b." });
      const got = expectNumber(b.grad, "b.grad");
      const expected = -x / y ** 2;
      if (!isClose(got, expected) && isClose(got, x)) {
        fail(
          `For a = ${x} and b = ${y}, b.grad is ${formatNumber(got)}, which is a: d(a/b)/db is not a but -a/b² = ${formatNumber(expected)}.`,
          { mistake: "div-grad-b-is-a" },
        );
      }
      if (!isClose(got, expected) && isClose(got, 1 / y)) {
        fail(
          `For a = ${x} and b = ${y}, b.grad is ${formatNumber(got)}, which is 1/b: that is d(a/b)/da. For b the derivative is -a/b² = ${formatNumber(expected)}.`,
          { mistake: "div-grad-b-is-inverse" },
        );
      }
      expectGradient(got, expected, "b", { why: "d(a/b)/db = -a/b²." });
    },
    {
      show: ([x, y]) =>
        `const a = new Value(${x});\nconst b = new Value(${y});\na.div(b).backward();\n// a.grad should be ${formatNumber(1 / y)}, b.grad ${formatNumber(-x / y ** 2)}`,
    },
  );
});

check("neg-sub", "neg and sub: -a and a - b", 1, async () => {
  const { Value } = await learner();
  const a = new Value(2.5);
  const b = new Value(-1);
  const code =
    "const a = new Value(2.5);\nconst b = new Value(-1);\nconst out = a.sub(b).add(a.neg());\nout.backward();";
  const out = a.sub(b).add(a.neg());
  expectClose(out.data, 1, "out.data", { code });
  out.backward();
  expectClose(a.grad, 0, "a.grad", {
    code,
    atol: 1e-12,
    why: "a appears once with + and once with -, so its gradients cancel.",
  });
  expectClose(b.grad, -1, "b.grad", { code, why: "d(a - b)/db = -1." });
});

check("exp-log", "exp and log with their derivatives e^x and 1/x", 2, async () => {
  const { Value } = await learner();
  await property(
    number(0.3, 3),
    (x) => {
      const a = new Value(x);
      const e = a.exp();
      expectClose(e?.data, Math.exp(x), `a.exp().data`, { rtol: 1e-12 });
      e.backward();
      expectGradient(expectNumber(a.grad, "a.grad"), Math.exp(x), "a", { why: "d/dx e^x = e^x." });
      const c = new Value(x);
      const l = c.log();
      expectClose(l?.data, Math.log(x), `c.log().data`, { rtol: 1e-12, atol: 1e-12 });
      l.backward();
      expectGradient(expectNumber(c.grad, "c.grad"), 1 / x, "c", { why: "d/dx ln x = 1/x." });
    },
    {
      show: (x) =>
        `const a = new Value(${x});\na.exp().backward();\nconst c = new Value(${x});\nc.log().backward();`,
    },
  );
});

check("relu", "relu: max(0, x), passing the gradient only where x > 0", 1, async () => {
  const { Value } = await learner();
  await property(
    number(-3, 3).filter((x) => Math.abs(x) > 0.05),
    (x) => {
      const a = new Value(x);
      const out = a.relu();
      expectClose(out?.data, Math.max(0, x), `new Value(${x}).relu().data`);
      out.backward();
      expectGradient(expectNumber(a.grad, "a.grad"), x > 0 ? 1 : 0, "a", {
        atol: 1e-12,
        why: "relu's local derivative is 1 where the output is positive and 0 where it is cut to 0.",
      });
    },
    { show: (x) => `const a = new Value(${x});\na.relu().backward();` },
  );
});

check(
  "numbers",
  "plain numbers on either side: add(2, a), sub(10, a), div(10, a), a.sub(2)",
  1,
  async () => {
    const { Value, add, mul, sub, div } = await learner();
    const cases: [
      string,
      (a: InstanceType<typeof Value>) => InstanceType<typeof Value>,
      number,
      number,
    ][] = [
      ["add(2, a)", (a) => add(2, a), 5, 1],
      ["mul(3, a)", (a) => mul(3, a), 9, 3],
      ["sub(10, a)", (a) => sub(10, a), 7, -1],
      ["div(12, a)", (a) => div(12, a), 4, -12 / 9],
      ["a.sub(2)", (a) => a.sub(2), 1, 1],
      ["a.div(4)", (a) => a.div(4), 0.75, 0.25],
    ];
    for (const [expr, f, value, grad] of cases) {
      const a = new Value(3);
      const out = f(a);
      const code = `const a = new Value(3);\nconst out = ${expr};\nout.backward();`;
      expectClose(out?.data, value, `${expr}.data`, { code });
      out.backward();
      expectClose(a.grad, grad, "a.grad", { code });
    }
  },
);

check(
  "random-graphs",
  "gradients of random graphs of every op match finite differences",
  2,
  async () => {
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
    const { Value, add, mul, div } = await learner();
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
    g.backward();
    const code =
      "// micrograd's README example, in the kit's TypeScript: see this exercise's README.md";
    expectClose(g.data, 24.70408163265306, "g.data", { code, rtol: 1e-9 });
    expectClose(a.grad, 138.83381924198252, "a.grad", { code, rtol: 1e-9 });
    expectClose(b.grad, 645.5772594752186, "b.grad", { code, rtol: 1e-9 });
  },
);
