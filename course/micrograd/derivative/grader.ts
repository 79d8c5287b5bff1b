import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { expectClose, expectNumber } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";

type Target = typeof import("#solutions/01-derivative/derivative.ts");
const learner = loadTarget<Target>("derivative.ts", ["derivative", "partialDerivative"]);

const coefficient = fc
  .double({ min: -5, max: 5, noNaN: true })
  .map((c) => Math.round(c * 100) / 100);
const quadratic = fc.record({ a: coefficient, b: coefficient, c: coefficient, x: coefficient });
type Quadratic = { a: number; b: number; c: number; x: number };
const showQuadratic = ({ a, b, c, x }: Quadratic, h?: number) =>
  `const f = (x: number) => ${a} * x ** 2 + ${b} * x + ${c};\nderivative(f, ${x}${h === undefined ? "" : `, ${h}`}); // should be ${2 * a * x + b}`;

check("lecture-example", "the lecture's f(x) = 3x² − 4x + 5 has slope 14 at x = 3", 1, async () => {
  const { derivative } = await learner();
  const slope = derivative((x) => 3 * x ** 2 - 4 * x + 5, 3);
  expectClose(slope, 14, "derivative((x) => 3 * x ** 2 - 4 * x + 5, 3)", { rtol: 1e-4 });
});

check("quadratics", "the slope of any quadratic matches 2ax + b", 2, async () => {
  const { derivative } = await learner();
  await property(
    quadratic,
    ({ a, b, c, x }) => {
      const slope = derivative((t) => a * t ** 2 + b * t + c, x);
      expectClose(slope, 2 * a * x + b, "derivative(f, x)", { rtol: 1e-4, atol: 1e-4 });
    },
    { show: (q) => showQuadratic(q) },
  );
});

check(
  "central",
  "the difference is central: exact for a quadratic even with a large h",
  1,
  async () => {
    const { derivative } = await learner();
    await property(
      quadratic.filter((q) => Math.abs(q.a) > 0.5),
      ({ a, b, c, x }) => {
        const h = 0.1;
        const slope = expectNumber(
          derivative((t) => a * t ** 2 + b * t + c, x, h),
          "derivative(f, x, 0.1)",
        );
        const forward = 2 * a * x + b + a * h;
        if (Math.abs(slope - forward) < 1e-9 && Math.abs(slope - (2 * a * x + b)) > 1e-6) {
          fail(
            `With h = 0.1 your derivative is ${slope}, off by a·h = ${a * h}: that is the one-sided difference (f(x + h) - f(x)) / h. The central difference (f(x + h) - f(x - h)) / 2h is exact for quadratics.`,
            { mistake: "forward-difference" },
          );
        }
        expectClose(slope, 2 * a * x + b, "derivative(f, x, 0.1)", {
          rtol: 1e-9,
          atol: 1e-9,
          why: "The central difference is exact for a quadratic, whatever h is: is h used on both sides, and divided by 2h?",
        });
      },
      { show: (q) => showQuadratic(q, 0.1) },
    );
  },
);

check("partials", "partial derivatives of d = a·b + c are b, a and 1", 2, async () => {
  const { partialDerivative } = await learner();
  await property(
    fc.tuple(coefficient, coefficient, coefficient),
    (args) => {
      const [a, b, _c] = args;
      const given = [...args];
      const f = (x: number, y: number, z: number) => x * y + z;
      const expected = [b, a, 1];
      for (const index of [0, 1, 2]) {
        const name = "abc"[index]!;
        const slope = partialDerivative(f as (...xs: number[]) => number, given, index);
        if (given.some((v, i) => v !== args[i])) {
          fail(
            `partialDerivative changed the array it was given (it is now [${given}]): nudge copies of args, not args itself.`,
            { mistake: "mutated-args" },
          );
        }
        expectClose(slope, expected[index]!, `partialDerivative(f, [${args}], ${index})`, {
          rtol: 1e-4,
          atol: 1e-4,
          why: `d(a·b + c)/d${name} is ${["b", "a", "1"][index]}.`,
        });
      }
    },
    {
      show: ([a, b, c]) =>
        `const f = (a: number, b: number, c: number) => a * b + c;\npartialDerivative(f, [${a}, ${b}, ${c}], 0); // should be ${b}`,
    },
  );
});
