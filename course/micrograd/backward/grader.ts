import fc from "fast-check";
import { programArbitrary, programCode, type ValueLike } from "#kit/arbitraries/micrograd.ts";
import { expectProgramGradients } from "#kit/arbitraries/values.ts";
import { check, fail } from "#kit/check.ts";
import { formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { expectGradient } from "#kit/numeric.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";

type Target = typeof import("#solutions/03-backward/engine.ts");
const learner = loadTarget<Target>("engine.ts", ["Value"]);

check("seed", "backward() starts by setting the output's grad to 1", 1, async () => {
  const { Value } = await learner();
  const a = new Value(3);
  const b = new Value(4);
  const c = a.mul(b);
  c.backward();
  const code =
    "const a = new Value(3);\nconst b = new Value(4);\nconst c = a.mul(b);\nc.backward();";
  const grad = expectNumber(c.grad, "c.grad", code);
  if (grad === 0) {
    fail(
      "After `c.backward()`, c.grad is still 0, so nothing flows back: backward() must first set the output's grad to 1 (dc/dc = 1).",
      {
        code,
        mistake: "output-grad-not-seeded",
      },
    );
  }
  expectClose(grad, 1, "c.grad", { code, why: "The derivative of c with respect to itself is 1." });
});

check(
  "add-mul",
  "+ passes the gradient through; * passes each input the other's value",
  2,
  async () => {
    const { Value } = await learner();
    const a = new Value(3);
    const b = new Value(-4);
    a.add(b).backward();
    const addCode = "const a = new Value(3);\nconst b = new Value(-4);\na.add(b).backward();";
    expectClose(a.grad, 1, "a.grad", {
      code: addCode,
      why: "For out = a + b, dout/da = 1: + hands its gradient to both inputs unchanged.",
    });
    expectClose(b.grad, 1, "b.grad", { code: addCode, why: "For out = a + b, dout/db = 1." });
    const c = new Value(3);
    const d = new Value(-4);
    c.mul(d).backward();
    const mulCode = "const c = new Value(3);\nconst d = new Value(-4);\nc.mul(d).backward();";
    expectClose(c.grad, -4, "c.grad", { code: mulCode, why: "For out = c * d, dout/dc = d." });
    expectClose(d.grad, 3, "d.grad", { code: mulCode, why: "For out = c * d, dout/dd = c." });
  },
);

check("tanh", "tanh's local derivative is 1 - tanh(x)²", 1, async () => {
  const { Value } = await learner();
  await property(
    fc
      .integer({ min: -250, max: 250 })
      .map((n) => n / 100)
      // Far enough from 0 that 1 - x² and 1 - tanh(x)² differ visibly in a counterexample.
      .filter((x) => Math.abs(x) >= 0.5),
    (x) => {
      const a = new Value(x);
      a.tanh().backward();
      const expected = 1 - Math.tanh(x) ** 2;
      const got = expectNumber(a.grad, "a.grad");
      if (
        !isClose(got, expected, { rtol: 1e-6 }) &&
        isClose(got, 1 - x ** 2, { rtol: 1e-9, atol: 1e-12 })
      ) {
        fail(
          `a.grad is ${formatNumber(got)} = 1 - x², computed from the input x = ${x}; the derivative of tanh is 1 - t² with t = tanh(x), the output, giving ${formatNumber(expected)}.`,
          { mistake: "tanh-derivative-from-input" },
        );
      }
      expectGradient(got, expected, "a", { why: "d tanh(x)/dx = 1 - tanh(x)²." });
    },
    {
      show: (x) =>
        `const a = new Value(${x});\na.tanh().backward();\n// a.grad should be ${formatNumber(1 - Math.tanh(x) ** 2)}`,
    },
  );
});

check("accumulate", "a node used twice gets both contributions (a + a, a * a)", 2, async () => {
  const { Value } = await learner();
  const a = new Value(3);
  a.add(a).backward();
  const code = "const a = new Value(3);\na.add(a).backward();";
  const grad = expectNumber(a.grad, "a.grad", code);
  if (isClose(grad, 1)) {
    fail(
      "For b = a + a, a.grad is 1 but should be 2: the gradient was assigned with = instead of accumulated with +=, so the second use of a overwrote the first. Write this.grad += ... in every backwardStep.",
      {
        code,
        mistake: "grad-assigned-not-accumulated",
      },
    );
  }
  expectClose(grad, 2, "a.grad", {
    code,
    why: "a is used twice, so both paths add to its gradient.",
  });
  const c = new Value(-1.5);
  c.mul(c).backward();
  expectClose(c.grad, -3, "c.grad", {
    code: "const c = new Value(-1.5);\nc.mul(c).backward();",
    why: "d(c·c)/dc = 2c: each use of c contributes c.",
  });
});

check(
  "order",
  "backward visits nodes in topological order (a node shared by two paths)",
  2,
  async () => {
    const { Value } = await learner();
    // d feeds e and f; d must pass its gradient on only after both have added to it.
    const a = new Value(2);
    const b = new Value(-3);
    const c = new Value(10);
    const d = a.mul(b);
    const e = d.add(c);
    const f = d.mul(e);
    f.backward();
    const code =
      "const a = new Value(2);\nconst b = new Value(-3);\nconst c = new Value(10);\nconst d = a.mul(b);\nconst e = d.add(c);\nconst f = d.mul(e);\nf.backward();";
    // f = ab(ab + c): df/da = b(2ab + c), df/db = a(2ab + c), df/dc = ab.
    const expected = { a: -3 * (2 * -6 + 10), b: 2 * (2 * -6 + 10), c: -6 };
    const got = {
      a: expectNumber(a.grad, "a.grad", code),
      b: expectNumber(b.grad, "b.grad", code),
      c: expectNumber(c.grad, "c.grad", code),
    };
    if (!isClose(got.a, expected.a) || !isClose(got.b, expected.b)) {
      const x = new Value(3);
      x.add(x).backward();
      const accumulates = isClose(x.grad, 2);
      fail(
        `a.grad is ${formatNumber(got.a)} and b.grad is ${formatNumber(got.b)}, but they should be ${expected.a} and ${expected.b}.${
          accumulates
            ? " Single operations and a + a come out right, so the order is wrong: backward() must call backwardStep in reverse topological order, so that d passes its gradient on only after e and f have both added to it (build the order with a depth-first walk, then go through it backwards)."
            : ""
        }`,
        { code, ...(accumulates ? { mistake: "no-topological-order" } : {}) },
      );
    }
    expectClose(got.c, expected.c, "c.grad", { code });
  },
);

check(
  "random-graphs",
  "gradients of random graphs of +, * and tanh match finite differences",
  2,
  async () => {
    const { Value } = await learner();
    await property(
      programArbitrary(["add", "mul", "tanh"], 7),
      (program) => expectProgramGradients(program, (x) => new Value(x) as unknown as ValueLike),
      { show: (p) => programCode(p, { backward: true }) },
    );
  },
);

check("lecture-neuron", "the lecture's neuron: o = 0.7071 and its gradients", 1, async () => {
  const { Value } = await learner();
  const x1 = new Value(2);
  const x2 = new Value(0);
  const w1 = new Value(-3);
  const w2 = new Value(1);
  const b = new Value(6.8813735870195432);
  const o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh();
  o.backward();
  const code =
    "const o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh(); // x1=2, x2=0, w1=-3, w2=1, b=6.8813735870195432\no.backward();";
  expectClose(o.data, Math.SQRT1_2, "o.data", { code, rtol: 1e-9 });
  expectClose(x1.grad, -1.5, "x1.grad", { code, rtol: 1e-6 });
  expectClose(w1.grad, 1, "w1.grad", { code, rtol: 1e-6 });
  expectClose(x2.grad, 0.5, "x2.grad", { code, rtol: 1e-6 });
  expectClose(w2.grad, 0, "w2.grad", { code, atol: 1e-9 });
});
