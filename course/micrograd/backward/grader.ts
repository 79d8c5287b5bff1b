import fc from "fast-check";
import { programArbitrary } from "#kit/arbitraries/micrograd.ts";
import { expectProgramGradients } from "#kit/arbitraries/values.ts";
import { check, fail } from "#kit/check.ts";
import { formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { expectGradient } from "#kit/numeric.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";

type Target = typeof import("#solutions/03-backward/engine.ts");
const learner = loadTarget<Target>("engine.ts", ["Value"]);

const imports = importLearner(learner, "Value");

check("seed", "backward() starts by setting the output's grad to 1", 1, async () => {
  const code = `${imports}
const a = new Value(3);
const b = new Value(4);
const c = a.mul(b);
c.backward();`;
  await scenario(learner, code, ({ c }) => {
    const grad = expectNumber(c.grad, "c.grad");
    if (grad === 0) {
      fail(
        "After `c.backward()`, c.grad is still 0, so nothing flows back: backward() must first set the output's grad to 1 (dc/dc = 1).",
        { mistake: "output-grad-not-seeded" },
      );
    }
    expectClose(grad, 1, "c.grad", { why: "The derivative of c with respect to itself is 1." });
  });
});

check(
  "add-mul",
  "+ passes the gradient through; * passes each input the other's value",
  2,
  async () => {
    await scenario(
      learner,
      `${imports}
const a = new Value(3);
const b = new Value(-4);
a.add(b).backward();`,
      ({ a, b }) => {
        expectClose(a.grad, 1, "a.grad", {
          why: "For out = a + b, dout/da = 1: + hands its gradient to both inputs unchanged.",
        });
        expectClose(b.grad, 1, "b.grad", { why: "For out = a + b, dout/db = 1." });
      },
    );
    await scenario(
      learner,
      `${imports}
const c = new Value(3);
const d = new Value(-4);
c.mul(d).backward();`,
      ({ c, d }) => {
        expectClose(c.grad, -4, "c.grad", { why: "For out = c * d, dout/dc = d." });
        expectClose(d.grad, 3, "d.grad", { why: "For out = c * d, dout/dd = c." });
      },
    );
  },
);

check("tanh", "tanh's local derivative is 1 - tanh(x)²", 1, async () => {
  await property(
    fc
      .integer({ min: -250, max: 250 })
      .map((n) => n / 100)
      // Far enough from 0 that 1 - x² and 1 - tanh(x)² differ visibly in a counterexample.
      .filter((x) => Math.abs(x) >= 0.5),
    async (x) => {
      const expected = 1 - Math.tanh(x) ** 2;
      const code = `${imports}
const a = new Value(${x});
a.tanh().backward();
// a.grad should be ${formatNumber(expected)}`;
      await scenario(learner, code, ({ a }) => {
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
      });
    },
  );
});

check("accumulate", "a node used twice gets both contributions (a + a, a * a)", 2, async () => {
  const code = `${imports}
const a = new Value(3);
a.add(a).backward();`;
  await scenario(learner, code, ({ a }) => {
    const grad = expectNumber(a.grad, "a.grad");
    if (isClose(grad, 1)) {
      fail(
        "For b = a + a, a.grad is 1 but should be 2: the gradient was assigned with = instead of accumulated with +=, so the second use of a overwrote the first. Write this.grad += ... in every backwardStep.",
        { mistake: "grad-assigned-not-accumulated" },
      );
    }
    expectClose(grad, 2, "a.grad", { why: "a is used twice, so both paths add to its gradient." });
  });
  const square = `${imports}
const c = new Value(-1.5);
c.mul(c).backward();`;
  await scenario(learner, square, ({ c }) => {
    expectClose(c.grad, -3, "c.grad", { why: "d(c·c)/dc = 2c: each use of c contributes c." });
  });
});

type LearnerValue = InstanceType<Target["Value"]>;

/**
 * The first operation whose backwardStep leaves out the upstream gradient: run alone, with
 * out.grad set to 5 by hand, its inputs' gradients are not 5 times the local derivatives.
 */
function droppedUpstream(Value: Target["Value"]): { op: string; what: string } | undefined {
  const cases: [string, (a: LearnerValue, b: LearnerValue) => LearnerValue, number, number][] = [
    ["a.mul(b)", (a, b) => a.mul(b), 5 * -4, 5 * 3],
    ["a.add(b)", (a, b) => a.add(b), 5, 5],
    ["a.tanh()", (a) => a.tanh(), 5 * (1 - Math.tanh(3) ** 2), 0],
  ];
  for (const [op, make, da, db] of cases) {
    const a = new Value(3);
    const b = new Value(-4);
    const out = make(a, b);
    if (typeof out?.backwardStep !== "function") return undefined;
    out.grad = 5;
    out.backwardStep();
    if (!isClose(a.grad, da) || !isClose(b.grad, db))
      return {
        op,
        what: `with a = 3, b = -4 and out.grad = 5, out.backwardStep() gives a.grad = ${formatNumber(a.grad)}${op === "a.tanh()" ? "" : ` and b.grad = ${formatNumber(b.grad)}`}, not ${formatNumber(da)}${op === "a.tanh()" ? "" : ` and ${formatNumber(db)}`}`,
      };
  }
  return undefined;
}

check(
  "order",
  "backward visits nodes in topological order (a node shared by two paths)",
  2,
  async () => {
    // d feeds e and f; d must pass its gradient on only after both have added to it.
    const code = `${imports}
const a = new Value(2);
const b = new Value(-3);
const c = new Value(10);
const d = a.mul(b);
const e = d.add(c);
const f = d.mul(e);
f.backward();`;
    // f = ab(ab + c): df/da = b(2ab + c), df/db = a(2ab + c), df/dc = ab.
    const expected = { a: -3 * (2 * -6 + 10), b: 2 * (2 * -6 + 10), c: -6 };
    await scenario(learner, code, async ({ a, b, c }) => {
      const got = {
        a: expectNumber(a.grad, "a.grad"),
        b: expectNumber(b.grad, "b.grad"),
        c: expectNumber(c.grad, "c.grad"),
      };
      if (!isClose(got.a, expected.a) || !isClose(got.b, expected.b)) {
        const { Value } = await learner();
        // Every upstream gradient above is 1 except on this graph: before blaming the order,
        // one step of each operation with an upstream gradient of 5, where order cannot matter.
        const dropped = droppedUpstream(Value);
        if (dropped)
          fail(
            `a.grad is ${formatNumber(got.a)} and b.grad is ${formatNumber(got.b)}, but they should be ${expected.a} and ${expected.b}. One step of ${dropped.op} alone shows why: ${dropped.what}. Each backwardStep multiplies its local derivative by out.grad (the chain rule); single operations came out right only because backward() seeds out.grad with 1.`,
            { mistake: "upstream-gradient-dropped" },
          );
        const x = new Value(3);
        x.add(x).backward();
        const accumulates = isClose(x.grad, 2);
        fail(
          `a.grad is ${formatNumber(got.a)} and b.grad is ${formatNumber(got.b)}, but they should be ${expected.a} and ${expected.b}.${
            accumulates
              ? " Single operations and a + a come out right, so the order is wrong: backward() must call backwardStep in reverse topological order, so that d passes its gradient on only after e and f have both added to it (build the order with a depth-first walk, then go through it backwards)."
              : ""
          }`,
          accumulates ? { mistake: "no-topological-order" } : {},
        );
      }
      expectClose(got.c, expected.c, "c.grad");
    });
  },
);

check(
  "random-graphs",
  "values and gradients of random graphs of +, * and tanh match plain arithmetic and finite differences",
  2,
  async () => {
    await property(programArbitrary(["add", "mul", "tanh"], 7), (program) =>
      expectProgramGradients(learner, program),
    );
  },
);

check("lecture-neuron", "the lecture's neuron: o = 0.7071 and its gradients", 1, async () => {
  const code = `${imports}
const x1 = new Value(2);
const x2 = new Value(0);
const w1 = new Value(-3);
const w2 = new Value(1);
const b = new Value(6.8813735870195432);
const o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh();
o.backward();`;
  await scenario(learner, code, ({ o, x1, w1, x2, w2 }) => {
    expectClose(o.data, Math.SQRT1_2, "o.data", { rtol: 1e-9 });
    expectClose(x1.grad, -1.5, "x1.grad", { rtol: 1e-6 });
    expectClose(w1.grad, 1, "w1.grad", { rtol: 1e-6 });
    expectClose(x2.grad, 0.5, "x2.grad", { rtol: 1e-6 });
    expectClose(w2.grad, 0, "w2.grad", { atol: 1e-9 });
  });
});
