/**
 * Every differentiable op checked against float64 central differences on drawn shapes
 * (broadcasting included): the gradient rules of ops/ and functional.ts, run by backward.ts.
 */
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  add,
  arange,
  cat,
  crossEntropy,
  div,
  logSoftmax,
  mul,
  noGrad,
  pow,
  softmax,
  stack,
  sub,
  type Tensor,
  tensor,
  unbind,
  where,
  zeros,
} from "./index.ts";

// ——— gradients against central differences, in float64 ———

type Shape = number[];

/**
 * Checks d f(inputs) / d input[k] against central differences for every element. The step is
 * the one actually stored (read back), so a float32 input is stepped exactly too.
 */
function gradCheck(
  f: (xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  tolerance = 1e-5,
  h = 1e-6,
): void {
  for (const x of inputs) x.grad = null;
  f(inputs).backward();
  inputs.forEach((x, k) => {
    for (let i = 0; i < x.numel(); i++) {
      const saved = x.storage[i]!;
      x.storage[i] = saved + h;
      const above = x.storage[i]!;
      const up = noGrad(() => f(inputs).item());
      x.storage[i] = saved - h;
      const below = x.storage[i]!;
      const down = noGrad(() => f(inputs).item());
      x.storage[i] = saved;
      const measured = (up - down) / (above - below);
      const analytic = x.grad ? x.grad.storage[i]! : 0;
      expect(
        Math.abs(analytic - measured),
        `input ${k}, element ${i}: analytic ${analytic}, measured ${measured}`,
      ).toBeLessThanOrEqual(tolerance * (1 + Math.abs(measured)));
    }
  });
}

function leaf(
  shape: Shape,
  values: number[],
  offset = 0,
  dtype: "float32" | "float64" = "float64",
): Tensor {
  const n = shape.reduce((p, s) => p * s, 1);
  const t = zeros(shape, { dtype, requiresGrad: true });
  for (let i = 0; i < n; i++) t.storage[i] = values[(i + offset) % values.length]!;
  return t;
}

const dims = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 });
/**
 * Two shapes that broadcast: one drops leading dims and sets some to 1, and which side it is
 * on is drawn too (so a seed gives the same pairs every run, and shrinking works).
 */
const broadcastPair = dims.chain((a) =>
  fc
    .tuple(
      fc.constant(a),
      fc.integer({ min: 0, max: a.length - 1 }),
      fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }),
      fc.boolean(),
    )
    .map(([shape, drop, ones, smallerSecond]) => {
      const b = shape.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s));
      return smallerSecond ? [shape, b] : [b, shape];
    }),
);
const values = fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), {
  minLength: 1,
  maxLength: 30,
});
const signed = fc.array(
  fc.double({ min: -2, max: 2, noNaN: true }).filter((v) => Math.abs(v) > 0.05),
  { minLength: 1, maxLength: 30 },
);

describe("gradients match central differences", () => {
  for (const op of ["add", "sub", "mul", "div", "pow"] as const) {
    fcTest.prop([broadcastPair, values], { numRuns: 25, seed: 7 })(
      `${op} under broadcasting`,
      ([aShape, bShape], vs) => {
        const a = leaf(aShape!, vs);
        const b = leaf(bShape!, vs, 3);
        gradCheck(([x, y]) => x![op](y!).mul(x![op](y!)).sum(), [a, b]);
      },
    );
  }
  const unaryOps = [
    "neg",
    "exp",
    "log",
    "tanh",
    "relu",
    "abs",
    "sqrt",
    "log10",
    "sigmoid",
  ] as const;
  for (const op of unaryOps) {
    const positive = op === "log" || op === "sqrt" || op === "log10";
    fcTest.prop([dims, positive ? values : signed], { numRuns: 15, seed: 8 })(op, (shape, vs) => {
      gradCheck(([x]) => x![op]().mul(x![op]()).sum(), [leaf(shape, vs)]);
    });
  }
  fcTest.prop([dims, signed, fc.boolean()], { numRuns: 20, seed: 9 })(
    "sum and mean over a dim, keepdim or not",
    (shape, vs, keepdim) => {
      const d = shape.length - 1;
      gradCheck(([x]) => x!.sum(d, keepdim).mul(x!.mean(0, true).sum()).sum(), [leaf(shape, vs)]);
    },
  );
  fcTest.prop([dims, signed], { numRuns: 15, seed: 10 })(
    "max over a dim and overall",
    (shape, vs) => {
      const distinct = Array.from({ length: 30 }, (_, i) => vs[i % vs.length]! + i * 0.01);
      gradCheck(
        ([x]) =>
          x!
            .max(shape.length - 1)
            .values.sum()
            .add(x!.max()),
        [leaf(shape, distinct)],
      );
    },
  );
  fcTest.prop(
    [
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      signed,
    ],
    { numRuns: 20, seed: 11 },
  )("matmul", (m, k, n, vs) => {
    gradCheck(([a, b]) => a!.matmul(b!).tanh().sum(), [leaf([m, k], vs), leaf([k, n], vs, 2)]);
  });
  fcTest.prop([fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }), signed], {
    numRuns: 20,
    seed: 12,
  })("index (embedding lookup) and view", (rows, vs) => {
    const X = tensor(rows);
    gradCheck(([C]) => C!.index(X).view(-1).tanh().sum(), [leaf([5, 3], vs)]);
  });
  fcTest.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 }), signed], {
    numRuns: 20,
    seed: 13,
  })("softmax and the pair index", (m, n, vs) => {
    const ys = tensor(Array.from({ length: m }, (_, i) => i % n));
    gradCheck(([x]) => x!.softmax(1).index(arange(m), ys).log().mean().neg(), [leaf([m, n], vs)]);
  });
  fcTest.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 }), signed], {
    numRuns: 20,
    seed: 14,
  })("crossEntropy (fused)", (m, n, vs) => {
    const ys = tensor(Array.from({ length: m }, (_, i) => (i * 7) % n));
    gradCheck(([x]) => crossEntropy(x!, ys), [leaf([m, n], vs)]);
  });
  // var divides by n - 1: the dimension it reduces needs at least two elements.
  const varDims = dims.map((shape) => [...shape.slice(0, -1), Math.max(2, shape.at(-1)!)]);
  fcTest.prop([varDims, signed, fc.boolean()], { numRuns: 15, seed: 15 })(
    "var and std over a dim",
    (shape, vs, keepdim) => {
      const d = shape.length - 1;
      // Spread the values so no row is constant (std has no derivative at 0).
      const spread = Array.from({ length: 30 }, (_, i) => vs[i % vs.length]! + i * 0.1);
      gradCheck(([x]) => x!.var(d, keepdim).sum().add(x!.std()), [leaf(shape, spread)]);
    },
  );
  test("transpose", () =>
    gradCheck(([x]) => x!.T.matmul(x!).sum(), [leaf([2, 3], [1, -2, 0.5, 1.5, -0.7, 0.3])]));

  test("the pairs are drawn from the arbitrary alone: a seed gives the same pairs every run", () => {
    const draw = () => fc.sample(broadcastPair, { seed: 7, numRuns: 60 });
    expect(draw()).toEqual(draw());
  });
  for (const op of ["add", "sub", "mul", "div", "pow"] as const) {
    test.each([
      [
        [3, 1],
        [1, 4],
      ],
      [
        [2, 1, 3],
        [4, 1],
      ],
      [
        [4, 1],
        [2, 1, 3],
      ],
    ])(`${op} with both inputs broadcast at once: %j and %j`, (aShape, bShape) => {
      const vs = [0.7, 1.3, 0.9, 1.8, 0.55, 1.1, 1.6];
      gradCheck(([x, y]) => x![op](y!).tanh().sum(), [leaf(aShape, vs), leaf(bShape, vs, 3)]);
    });
  }
  for (const op of ["add", "sub", "mul", "div", "pow"] as const) {
    fcTest.prop([dims, values, fc.constantFrom(2.5, -1.5, 3, 0.5, -2)], { numRuns: 15, seed: 16 })(
      `${op} with a plain number on the right`,
      (shape, vs, c) => {
        gradCheck(([x]) => x![op](c).mul(x!).sum(), [leaf(shape, vs)]);
      },
    );
  }
  fcTest.prop([dims, signed, fc.constantFrom(2.5, 0.5, 3)], { numRuns: 15, seed: 17 })(
    "pow with a plain number as the base (10 ** lre)",
    (shape, vs, c) => {
      gradCheck(([x]) => pow(c, x!).mul(x!).sum(), [leaf(shape, vs)]);
    },
  );
  fcTest.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), signed], {
    numRuns: 20,
    seed: 18,
  })("matmul with a 1-D right-hand side (a column)", (m, k, vs) => {
    gradCheck(([a, b]) => a!.matmul(b!).tanh().sum(), [leaf([m, k], vs), leaf([k], vs, 2)]);
  });
  fcTest.prop([dims, signed], { numRuns: 15, seed: 19 })(
    "max over a dim with keepdim, broadcast back",
    (shape, vs) => {
      const distinct = Array.from({ length: 30 }, (_, i) => vs[i % vs.length]! + i * 0.01);
      const d = shape.length - 1;
      gradCheck(([x]) => x!.max(d, true).values.mul(x!).sum(), [leaf(shape, distinct)]);
    },
  );
  fcTest.prop([dims, signed], { numRuns: 15, seed: 20 })(
    "to(), float() and double(): float32 through float64 and back",
    (shape, vs) => {
      // A float32 leaf, stepped by what float32 holds, then the arithmetic in float64.
      const x32 = leaf(shape, vs, 0, "float32");
      gradCheck(([x]) => x!.double().tanh().mul(x!.to("float64")).sum(), [x32], 1e-5, 1e-3);
      // A float64 leaf rounded to float32 on the way: the steps must be far above its rounding.
      const x64 = leaf(shape, vs);
      gradCheck(
        ([x]) => x!.float().double().mul(x!.to("float32").to("float64")).sum(),
        [x64],
        1e-3,
        1e-3,
      );
    },
  );
  fcTest.prop([fc.integer({ min: -5, max: 4 }), signed], { numRuns: 15, seed: 21 })(
    "index with a number (a row, negative counting from the end)",
    (row, vs) => {
      gradCheck(([C]) => C!.index(row).tanh().sum(), [leaf([5, 3], vs)]);
    },
  );
  fcTest.prop([fc.array(fc.integer({ min: -5, max: 4 }), { minLength: 1, maxLength: 6 }), signed], {
    numRuns: 15,
    seed: 22,
  })("index with an array of numbers, repeats and negatives included", (rows, vs) => {
    gradCheck(([C]) => C!.index(rows).tanh().sum(), [leaf([5, 3], vs)]);
  });
  fcTest.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), signed], {
    numRuns: 15,
    seed: 23,
  })(".T on drawn shapes", (m, n, vs) => {
    const weights = tensor(
      Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => i - 2 * j + 0.5)),
      { dtype: "float64" },
    );
    gradCheck(([x]) => x!.T.tanh().mul(weights).sum(), [leaf([m, n], vs)]);
  });

  fcTest.prop([dims, signed], { numRuns: 15, seed: 27 })(
    "min, whole and over a dim with keepdim",
    (shape, vs) => {
      const distinct = Array.from({ length: 30 }, (_, i) => vs[i % vs.length]! + i * 0.01);
      const d = shape.length - 1;
      gradCheck(
        ([x]) => x!.min(d, true).values.mul(x!).sum().add(x!.min()),
        [leaf(shape, distinct)],
      );
    },
  );

  fcTest.prop([dims, signed, fc.integer({ min: 0, max: 2 })], { numRuns: 20, seed: 30 })(
    "softmax and logSoftmax over any dim",
    (shape, vs, at) => {
      const d = at % shape.length;
      const weights = leaf(shape, [0.3, -1.2, 0.8, 2, -0.4]).detach();
      gradCheck(([x]) => softmax(x!, d).mul(weights).sum(), [leaf(shape, vs)]);
      gradCheck(([x]) => logSoftmax(x!, d).mul(weights).sum(), [leaf(shape, vs)]);
    },
  );
  fcTest.prop([dims, values], { numRuns: 15, seed: 31 })(
    "a number on the left: add, sub, mul, div",
    (shape, vs) => {
      gradCheck(
        ([x]) => add(1, x!).mul(sub(1, x!)).add(mul(2, x!)).add(div(1, x!)).tanh().sum(),
        [leaf(shape, vs)],
      );
    },
  );

  test.each([
    [
      [2, 3, 4],
      [4, 2],
    ],
    [
      [2, 3, 4],
      [2, 4, 2],
    ],
    [
      [1, 3, 4],
      [2, 4, 2],
    ],
    [
      [2, 1, 2, 3],
      [3, 3, 2],
    ],
    [[3], [2, 3, 2]],
    [[2, 2, 3], [3]],
    [[3], [3, 2]],
  ])("batched matmul, broadcast and 1-D sides: %j @ %j", (aShape, bShape) => {
    const vs = [0.7, -1.3, 0.9, 1.8, -0.55, 1.1, 1.6];
    gradCheck(([x, y]) => x!.matmul(y!).tanh().sum(), [leaf(aShape, vs), leaf(bShape, vs, 3)]);
  });

  test.each([
    [[2, 3, 4], -2, -1],
    [[2, 3, 4], 0, 2],
    [[3, 2], 0, 1],
    [[2, 2, 2, 3], 1, 3],
  ])("transpose(dim0, dim1) of %j: %i and %i", (shape, a, b) => {
    const vs = [0.7, -1.3, 0.9, 1.8, -0.55, 1.1, 1.6];
    const weights = leaf(shape, [0.3, -1.2, 0.8, 2, -0.4]).detach().transpose(a, b);
    gradCheck(([x]) => x!.transpose(a, b).tanh().mul(weights).sum(), [leaf(shape, vs)]);
  });

  // ——— comparisons and masks (ops/compare.ts) ———
  fcTest.prop([broadcastPair, signed], { numRuns: 20, seed: 28 })(
    "where and maskedFill, broadcast, a mask drawn from the values",
    ([aShape, bShape], vs) => {
      const a = leaf(aShape!, vs);
      const b = leaf(bShape!, vs, 3);
      gradCheck(([x, y]) => where(x!.gt(0), x!, y!).tanh().sum(), [a, b]);
      gradCheck(([x]) => x!.maskedFill(x!.lt(0), 0.5).mul(x!).sum(), [a]);
    },
  );
  fcTest.prop([dims, signed], { numRuns: 15, seed: 29 })("clamp, tril and triu", (shape, vs) => {
    // Bounds away from every value, so no element sits on the kink.
    gradCheck(([x]) => x!.clamp(-1.01, 0.99).mul(x!).sum(), [leaf(shape, vs)]);
    gradCheck(([x]) => x!.tril().tanh().sum().add(x!.triu(1).exp().sum()), [leaf(shape, vs)]);
  });

  // ——— slicing and joining (ops/slicing.ts) ———
  const sliceIndex = fc.oneof(
    fc.integer({ min: -3, max: 2 }),
    fc.constantFrom(":", "1:", ":-1", "::2", "1::2", "-2:", ":2"),
  );
  fcTest.prop([fc.array(sliceIndex, { minLength: 1, maxLength: 3 }), signed], {
    numRuns: 25,
    seed: 24,
  })("slice with integers and ranges, on a [3, 3, 3] tensor", (indices, vs) => {
    gradCheck(
      ([x]) =>
        x!
          .slice(...indices)
          .tanh()
          .sum(),
      [leaf([3, 3, 3], vs)],
    );
  });
  fcTest.prop([dims, signed, fc.integer({ min: 0, max: 3 })], { numRuns: 15, seed: 25 })(
    "cat, stack and unbind along a drawn dim",
    (shape, vs, at) => {
      const d = at % shape.length;
      const other = shape.map((s, i) => (i === d ? s + 1 : s));
      gradCheck(
        ([a, b]) => cat([a!, b!.tanh()], d).tanh().sum(),
        [leaf(shape, vs), leaf(other, vs, 1)],
      );
      gradCheck(
        ([a, b]) => stack([a!, b!.exp()], d).tanh().sum(),
        [leaf(shape, vs), leaf(shape, vs, 2)],
      );
      gradCheck(
        ([a]) =>
          stack(
            unbind(a!.tanh(), d).map((t, i) => t.mul(i + 1)),
            d,
          ).sum(),
        [leaf(shape, vs)],
      );
    },
  );
  fcTest.prop([dims, signed], { numRuns: 15, seed: 26 })(
    "squeeze, unsqueeze and clone",
    (shape, vs) => {
      gradCheck(
        ([x]) => x!.unsqueeze(1).tanh().squeeze().clone().mul(x!.squeeze()).sum(),
        [leaf(shape, vs)],
      );
    },
  );
});
