import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";

type Target = typeof import("#solutions/01-derivative/derivative.ts");
const learner = loadTarget<Target>("derivative.ts", ["derivative", "partialDerivative"]);

const coefficient = fc
  .double({ min: -5, max: 5, noNaN: true })
  .map((c) => Math.round(c * 100) / 100);
const quadratic = fc.record({ a: coefficient, b: coefficient, c: coefficient, x: coefficient });
type Quadratic = { a: number; b: number; c: number; x: number };

/** The quadratic as code, and its slope at x taken with the learner's derivative (and h, if given). */
const quadraticCode = ({ a, b, c, x }: Quadratic, h?: number) =>
  `${importLearner(learner, "derivative")}
const f = (x) => ${a} * x ** 2 + ${b} * x + ${c};
const slope = derivative(f, ${x}${h === undefined ? "" : `, ${h}`}); // should be ${formatNumber(2 * a * x + b)}`;

// A direct call, as before scenarios: it shows no code, and a throw from the learner's code stays
// an error naming their line (a scenario reports a throw as a failure with its code).
check("lecture-example", "the lecture's f(x) = 3x² − 4x + 5 has slope 14 at x = 3", 1, async () => {
  const { derivative } = await learner();
  const slope = derivative((x) => 3 * x ** 2 - 4 * x + 5, 3);
  expectClose(slope, 14, "derivative((x) => 3 * x ** 2 - 4 * x + 5, 3)", { rtol: 1e-4 });
});

check("quadratics", "the slope of any quadratic matches 2ax + b", 1, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(quadratic, async (q) => {
    await scenario(learner, quadraticCode(q), ({ slope }) => {
      expectClose(slope, 2 * q.a * q.x + q.b, "slope", { rtol: 1e-4, atol: 1e-4 });
    });
  });
});

check(
  "central",
  "the difference is central: exact for a quadratic even with a large h",
  1,
  async () => {
    await learner(); // first, so that a file that does not load is an error, not a failed input
    await property(
      quadratic.filter((q) => Math.abs(q.a) > 0.5),
      async (q) => {
        const { a, b, x } = q;
        const h = 0.1;
        const exact = 2 * a * x + b;
        const forward = exact + a * h;
        await scenario(learner, quadraticCode(q, h), ({ slope: got }) => {
          const slope = expectNumber(got, "slope");
          if (Math.abs(slope - forward) < 1e-9 && Math.abs(slope - exact) > 1e-6) {
            fail(
              `With h = 0.1 your derivative is ${slope}, off by a·h = ${a * h}: that is the one-sided difference (f(x + h) - f(x)) / h. The central difference (f(x + h) - f(x - h)) / 2h is exact for quadratics.`,
              { mistake: "forward-difference" },
            );
          }
          expectClose(slope, exact, "slope", {
            rtol: 1e-9,
            atol: 1e-9,
            why: "The central difference is exact for a quadratic, whatever h is: is h used on both sides, and divided by 2h?",
          });
        });
      },
    );
  },
);

/** A cubic's coefficients, a point and an h: the central difference of x³ is 3x² + h², not exact. */
const cubic = fc.record({
  a: coefficient.filter((a) => Math.abs(a) > 0.5),
  b: coefficient,
  c: coefficient,
  x: coefficient,
  h: fc.integer({ min: 5, max: 50 }).map((k) => k / 100),
});

check("any-h", "h is the step given (and a small one by default): cubics show it", 1, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(cubic, async ({ a, b, c, x, h }) => {
    const exact = 3 * a * x ** 2 + 2 * b * x + c;
    const code = `${importLearner(learner, "derivative")}
const f = (x) => ${a} * x ** 3 + ${b} * x ** 2 + ${c} * x;
const withH = derivative(f, ${x}, ${h}); // should be ${formatNumber(exact + a * h ** 2)}: for x³ the central difference is off by h²
const byDefault = derivative(f, ${x}); // should be ${formatNumber(exact)}, give or take a millionth`;
    await scenario(learner, code, ({ withH, byDefault }) => {
      expectClose(withH, exact + a * h ** 2, "withH", {
        rtol: 1e-9,
        atol: 1e-9,
        why: `With h = ${h} given, the central difference of a cubic is off by a·h² = ${formatNumber(a * h ** 2)}: use the h you are given.`,
      });
      expectClose(byDefault, exact, "byDefault", {
        rtol: 1e-6,
        atol: 1e-6,
        why: "Without h, the default step must be small (the lecture's 0.0001 or so).",
      });
    });
  });
});

check("partials", "partial derivatives of d = a·b + c are b, a and 1", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(fc.tuple(coefficient, coefficient, coefficient), async (given) => {
    const [a, b] = given;
    const code = `${importLearner(learner, "partialDerivative")}
const f = (a, b, c) => a * b + c;
const args = [${given.join(", ")}];
const da = partialDerivative(f, args, 0); // should be ${b}
const db = partialDerivative(f, args, 1); // should be ${a}
const dc = partialDerivative(f, args, 2); // should be 1`;
    await scenario(learner, code, (values) => {
      const args = values["args"] as number[];
      if (args.some((v, i) => v !== given[i])) {
        fail(
          `partialDerivative changed the array it was given (args is now [${args.join(", ")}]): nudge copies of args, not args itself.`,
          { mistake: "mutated-args" },
        );
      }
      const expected = [b, a, 1];
      ["da", "db", "dc"].forEach((name, index) => {
        expectClose(values[name], expected[index]!, name, {
          rtol: 1e-4,
          atol: 1e-4,
          why: `d(a·b + c)/d${"abc"[index]} is ${["b", "a", "1"][index]}.`,
        });
      });
    });
  });
  // Another function, and h given: each argument of partialDerivative must count.
  await property(cubic, async ({ a, b, c, x, h }) => {
    const [p, q, r] = [x, b, c];
    const code = `${importLearner(learner, "partialDerivative")}
const g = (p, q, r) => ${a} * p ** 3 + p * q + r ** 3;
const args = [${p}, ${q}, ${r}];
const dp = partialDerivative(g, args, 0, ${h}); // 3·${a}·p² + ${a}·h² + q
const dq = partialDerivative(g, args, 1, ${h}); // p
const dr = partialDerivative(g, args, 2); // 3r², give or take a millionth (the default h is small)`;
    await scenario(learner, code, (values) => {
      const expected = [3 * a * p ** 2 + a * h ** 2 + q, p, 3 * r ** 2];
      ["dp", "dq", "dr"].forEach((name, index) => {
        expectClose(values[name], expected[index]!, name, {
          rtol: 1e-6,
          atol: 1e-6,
          why:
            index === 0
              ? `With h = ${h} given, the central difference of p³ is off by h²: nudge by the h you are given.`
              : index === 1
                ? "Nudge only the argument at `index`, of the function you are given."
                : "Without h, the default step must be small (the lecture's 0.0001 or so).",
        });
      });
    });
  });
});
