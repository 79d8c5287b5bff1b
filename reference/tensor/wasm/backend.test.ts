/**
 * The WebAssembly kernels against their plain twins, on random sizes and values (float32
 * tolerance): in the module's memory, through the staging area, and past the kernels'
 * thresholds.
 */
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import * as K from "../kernels.ts";
import { allocateFloat32 } from "../storage.ts";

const wasmExpected = process.env["GRADLINGS_KERNELS"] !== "ts";

afterEach(() => {
  if (wasmExpected) K.useKernels("wasm");
});

/** Random float32 values in [-2, 2) from a seed. */
function values(length: number, seed: number): number[] {
  const out: number[] = [];
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(Math.fround((s / 2 ** 32) * 4 - 2));
  }
  return out;
}

/** Runs `kernel` on fresh copies of `inputs` with the given kernels; returns the last array (the output). */
function runWith(
  kind: "ts" | "wasm",
  inputs: readonly number[][],
  kernel: (arrays: Float32Array[]) => void,
): Float32Array {
  K.useKernels(kind);
  const arrays = inputs.map((xs) => {
    const a = allocateFloat32(xs.length);
    a.set(xs);
    return a;
  });
  kernel(arrays);
  return Float32Array.from(arrays[arrays.length - 1]!);
}

function expectClose(wasm: Float32Array, plain: Float32Array, scale: number): void {
  expect(wasm.length).toBe(plain.length);
  for (let i = 0; i < plain.length; i++) {
    const tolerance = 1e-5 * scale + 1e-5 * Math.abs(plain[i]!);
    if (!(Math.abs(wasm[i]! - plain[i]!) <= tolerance))
      expect.fail(`element ${i}: wasm ${wasm[i]} vs plain ${plain[i]} (tolerance ${tolerance})`);
  }
}

const size = fc.integer({ min: 1, max: 40 });
/**
 * Sizes past the kernels' thresholds (wasm/backend.ts): g·bᵀ that overwrites turns b over and
 * runs as a plain product below 64 columns, and reads b directly from 64 (the MLP's embedding
 * gradient g[32, 200]·W1ᵀ); the products run in 16-column blocks. Fewer runs, as they cost more.
 */
const large = fc.integer({ min: 1, max: 260 });
const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });

interface Sizes {
  sizes?: fc.Arbitrary<number>;
  numRuns?: number;
  /** [m, k, n] run first, with seed 1. */
  examples?: [number, number, number][];
}

describe.runIf(wasmExpected)("WebAssembly kernels agree with the plain ones", () => {
  test("the kernels are loaded", () => {
    expect(K.kernelBackend()).toBe("wasm");
  });

  const check = (
    shapes: (m: number, k: number, n: number) => number[],
    kernel: (arrays: Float32Array[], m: number, k: number, n: number) => void,
    scale: (m: number, k: number, n: number) => number,
    { sizes = size, numRuns = 60, examples = [] }: Sizes = {},
  ) =>
    fc.assert(
      fc.property(sizes, sizes, sizes, seed, (m, k, n, s) => {
        const inputs = shapes(m, k, n).map((length, i) => values(length, s + i));
        const plain = runWith("ts", inputs, (a) => kernel(a, m, k, n));
        const fast = runWith("wasm", inputs, (a) => kernel(a, m, k, n));
        expectClose(fast, plain, scale(m, k, n));
      }),
      {
        numRuns,
        examples: examples.map(([m, k, n]) => [m, k, n, 1] as [number, number, number, number]),
      },
    );
  /** The same check on sizes up to 260, the thresholds' sides included. */
  const large8 = (examples: [number, number, number][] = []): Sizes => ({
    sizes: large,
    numRuns: 8,
    examples,
  });

  for (const sizes of [
    {},
    large8([
      [32, 30, 200],
      [33, 17, 64],
    ]),
  ])
    test(`matmul: a·b${sizes.sizes ? ", sizes up to 260" : ""}`, () =>
      check(
        (m, k, n) => [m * k, k * n, m * n],
        ([a, b, out], m, k, n) => K.kernels.matmul(a!, b!, out!, m, k, n),
        (_m, k) => 4 * k,
        sizes,
      ));

  for (const sizes of [
    {},
    large8([
      [32, 30, 200],
      [3, 5, 64],
    ]),
  ])
    test(`matmulTransposeB: out += g·bᵀ${sizes.sizes ? ", sizes up to 260" : ""}`, () =>
      check(
        (m, k, n) => [m * n, k * n, m * k],
        ([g, b, out], m, k, n) => K.kernels.matmulTransposeB(g!, b!, out!, m, n, k),
        (_m, _k, n) => 4 * n,
        sizes,
      ));

  for (const sizes of [
    {},
    large8([
      [32, 200, 27],
      [7, 64, 65],
    ]),
  ])
    test(`matmulTransposeA: out += aᵀ·g${sizes.sizes ? ", sizes up to 260" : ""}`, () =>
      check(
        (m, k, n) => [m * k, m * n, k * n],
        ([a, g, out], m, k, n) => K.kernels.matmulTransposeA(a!, g!, out!, m, k, n),
        (m) => 4 * m,
        sizes,
      ));

  // g·bᵀ overwriting: below 64 columns b is turned over first, from 64 it is read directly
  // (the MLP's g[32, 200]·W1ᵀ); the examples sit on both sides of the threshold.
  const thresholds: [number, number, number][] = [
    [32, 30, 200],
    [5, 7, 63],
    [5, 7, 64],
    [2, 3, 65],
    [1, 4, 128],
  ];
  for (const sizes of [{}, large8(thresholds)])
    test(`the gradients' products can overwrite instead of add, ignoring whatever out held${sizes.sizes ? ", sizes up to 260" : ""}`, () => {
      check(
        (m, k, n) => [m * n, k * n, m * k],
        ([g, b, out], m, k, n) => {
          out!.fill(Number.NaN);
          K.kernels.matmulTransposeB(g!, b!, out!, m, n, k, false);
        },
        (_m, _k, n) => 4 * n,
        sizes,
      );
      check(
        (m, k, n) => [m * k, m * n, k * n],
        ([a, g, out], m, k, n) => {
          out!.fill(Number.NaN);
          K.kernels.matmulTransposeA(a!, g!, out!, m, k, n, false);
        },
        (m) => 4 * m,
        sizes,
      );
    });

  test("g·bᵀ over short rows whose turned-over b does not fit the staging area reads b directly", () => {
    // n = 63 < 64 asks for the copy, but 63 × 16700 floats are more than the staging area holds.
    const [m, n, k] = [2, 63, 16_700];
    const inputs = [values(m * n, 3), values(k * n, 4), values(m * k, 5)];
    const kernel = ([g, b, out]: Float32Array[]) => {
      out!.fill(Number.NaN);
      K.kernels.matmulTransposeB(g!, b!, out!, m, n, k, false);
    };
    expectClose(runWith("wasm", inputs, kernel), runWith("ts", inputs, kernel), 4 * n);
  });

  for (const op of ["add", "sub", "mul", "div"] as const) {
    test(`${op}: same shape, a row over every row, and a number`, () => {
      check(
        (m, _k, n) => [m * n, m * n, m * n],
        ([a, b, out], m, _k, n) => K.kernels.binary(op, a!, [m, n], b!, [m, n], out!, [m, n]),
        () => (op === "div" ? 1e4 : 4),
      );
      check(
        (m, _k, n) => [m * n, n, m * n],
        ([a, b, out], m, _k, n) => K.kernels.binary(op, a!, [m, n], b!, [n], out!, [m, n]),
        () => (op === "div" ? 1e4 : 4),
      );
      check(
        (m, _k, n) => [m * n, m * n],
        ([a, out], m, _k, n) =>
          K.kernels.binary(op, a!, [m, n], new Float64Array([0.37]), [], out!, [m, n]),
        () => 10,
      );
    });
  }

  test("embedding rows: the lookup C[X] and its gradient, repeated indices included", () =>
    check(
      (m, k, n) => [k * n, m * n, k * n, m * n],
      ([table, g, dTable, out], m, k, n) => {
        // m lookups into a table of k rows; some rows picked several times, some never.
        const indices = Int32Array.from(values(m, m * 31 + k), (x) =>
          Math.floor(((x + 2) / 4) * k),
        );
        K.kernels.gatherRows(table!, indices, n, out!);
        K.kernels.scatterAddRows(g!, indices, n, dTable!);
        for (let i = 0; i < out!.length; i++) out![i] = out![i]! + dTable![i % dTable!.length]!;
      },
      (m) => m,
      // More lookups than the first index scratch area holds (1024), as a big batch makes.
      { examples: [[3000, 27, 10]] },
    ));

  test.each([
    ["", size, 40],
    [", sizes up to 260", large, 8],
  ] as const)(
    "ordinary arrays (made once the pool is full) go through the WebAssembly kernels by copy%s",
    (_label, sizes, numRuns) => {
      fc.assert(
        fc.property(sizes, sizes, sizes, seed, (m, k, n, s) => {
          const [a, b, bias, g] = [m * k, k * n, n, m * n].map((length, i) =>
            Float32Array.from(values(length, s + i)),
          );
          // Half the arrays ordinary, half in the module's memory; one is both read and written.
          const pooled = (x: Float32Array) => {
            const y = allocateFloat32(x.length);
            y.set(x);
            return y;
          };
          const run = (kind: "ts" | "wasm") => {
            K.useKernels(kind);
            const out = new Float32Array(m * n);
            K.kernels.matmul(a!, pooled(b!), out, m, k, n);
            K.kernels.binary("add", out, [m, n], bias!, [n], out, [m, n]); // in place, broadcast row
            K.kernels.unary("tanh", out, out);
            const sums = Float32Array.from(bias!);
            K.kernels.sumToShape(g!, [m, n], sums, [n]); // accumulates into an ordinary array
            const da = new Float32Array(m * k);
            K.kernels.matmulTransposeB(g!, pooled(b!), da, m, n, k, false);
            return [out, sums, da];
          };
          const plain = run("ts");
          const fast = run("wasm");
          expectClose(fast[0]!, plain[0]!, 4 * k);
          expectClose(fast[1]!, plain[1]!, 2 * m);
          expectClose(fast[2]!, plain[2]!, 4 * n);
        }),
        { numRuns, examples: [[32, 30, 200, 1]] },
      );
    },
  );

  test("an ordinary array too large to copy falls back to the plain loop, correctly", () => {
    const big = new Float32Array(3_000_000).fill(1.5);
    K.kernels.binary("mul", big, [big.length], new Float64Array([2]), [], big, [big.length]);
    expect(big[0]).toBe(3);
    expect(big[big.length - 1]).toBe(3);
  });

  test("column sums (the gradient of a bias)", () =>
    check(
      (m, _k, n) => [m * n, n],
      ([g, out], m, _k, n) => K.kernels.sumToShape(g!, [m, n], out!, [n]),
      (m) => 2 * m,
    ));

  // These two add in the plain loops' order (float64 sums from the first row down), so they
  // must agree to the bit, not within a tolerance: the training runs print the same losses.
  const exactly = (
    shapes: (m: number, k: number, n: number) => number[],
    kernel: (arrays: Float32Array[], m: number, k: number, n: number) => void,
    sizes: fc.Arbitrary<number>,
    numRuns: number,
    examples: [number, number, number][],
  ) =>
    fc.assert(
      fc.property(sizes, sizes, sizes, seed, (m, k, n, s) => {
        // Values of mixed sizes, so that a sum rounded to float32 along the way would differ.
        const inputs = shapes(m, k, n).map((length, i) =>
          values(length, s + i).map((x, j) => (j % 3 === 0 ? x * 1e4 : x)),
        );
        const plain = runWith("ts", inputs, (a) => kernel(a, m, k, n));
        const fast = runWith("wasm", inputs, (a) => kernel(a, m, k, n));
        expect(fast).toEqual(plain);
      }),
      {
        numRuns,
        examples: examples.map(([m, k, n]) => [m, k, n, 1] as [number, number, number, number]),
      },
    );

  // ——— binary elementwise and the float64 matmul (the backprop run's kernels) ———

  test("a op b in every broadcast layout equals the plain loop's to the bit", () => {
    // [a's shape, b's shape] over an output [m, n]: whole, a row or a column on either side, a
    // float32 number on either side.
    const layouts = (m: number, n: number): [number[], number[]][] => [
      [
        [m, n],
        [m, n],
      ],
      [[m, n], [n]],
      [[n], [m, n]],
      [
        [m, n],
        [m, 1],
      ],
      [
        [m, 1],
        [m, n],
      ],
      [[m, n], []],
      [[], [m, n]],
    ];
    for (const op of ["add", "sub", "mul", "div"] as const)
      for (let layout = 0; layout < 7; layout++)
        exactly(
          (m, _k, n) => {
            const [aShape, bShape] = layouts(m, n)[layout]!;
            const count = (shape: number[]) => shape.reduce((p, x) => p * x, 1);
            return [count(aShape), count(bShape), m * n];
          },
          ([a, b, out], m, _k, n) => {
            const [aShape, bShape] = layouts(m, n)[layout]!;
            K.kernels.binary(op, a!, aShape, b!, bShape, out!, [m, n]);
          },
          size,
          8,
          [
            [32, 1, 200],
            [32, 1, 27],
            [5, 1, 1],
          ],
        );
  });

  test("a product too large for the pool and the staging area, rows at a time in float64 sums, equals the plain loop's to the bit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 260 }),
        seed,
        (k, n, s) => {
          // Ordinary arrays with more floats than the staging area holds, so no one call can take
          // them (k small: a million outputs cost k million products in the plain loop).
          const m = Math.ceil(1_100_000 / n);
          const [a, b] = [m * k, k * n].map((length, i) =>
            Float32Array.from(values(length, s + i), (x, j) => (j % 3 === 0 ? x * 1e4 : x)),
          );
          const product = (kind: "ts" | "wasm") => {
            K.useKernels(kind);
            const out = new Float32Array(m * n);
            K.kernels.matmul(a!, b!, out, m, k, n);
            return out;
          };
          const fast = product("wasm");
          const plain = product("ts");
          // (A loop: a deep comparison of a million elements takes the matcher seconds.)
          const first = fast.findIndex((x, i) => !Object.is(x, plain[i]));
          expect(first, `element ${first}: ${fast[first]} against ${plain[first]}`).toBe(-1);
        },
      ),
      {
        numRuns: 3,
        examples: [
          [10, 200, 1],
          [3, 27, 1],
        ],
      },
    );
  });

  // ——— end of the backprop run's kernels ———

  test("sums over one dimension ([outer, size, inner]) equal the plain loop's to the bit", () => {
    const kernel = ([a, out]: Float32Array[], outer: number, size: number, inner: number) =>
      K.kernels.sumDim(a!, outer, size, inner, out!);
    const shapes = (outer: number, size: number, inner: number) => [
      outer * size * inner,
      outer * inner,
    ];
    exactly(shapes, kernel, size, 60, [
      [1, 32, 200],
      [1, 32, 27],
      [3, 5, 1],
    ]);
    exactly(shapes, kernel, large, 8, [[1, 200, 30]]);
  });

  // ——— the variance and the spread of a sum's gradient: the same float64 steps, so the same bits ———

  /** Sides up to 12 (cheap to compare element by element), besides the training runs' shapes. */
  const side = fc.integer({ min: 1, max: 12 });

  test("the variance over one dimension, and its square root, equal the plain loop's to the bit", () => {
    const shapes = (outer: number, size: number, inner: number) => [
      outer * size * inner,
      outer * inner,
    ];
    // Bessel's correction, none, and a divisor of 0 (one element, corrected): Infinity or NaN.
    for (const correction of [1, 0]) {
      const divisor = (size: number) => Math.max(0, size - correction);
      for (const root of [false, true]) {
        const kernel = ([a, out]: Float32Array[], o: number, s: number, i: number) =>
          K.kernels.varianceDim(a!, o, s, i, divisor(s), root, out!);
        exactly(shapes, kernel, side, 20, [
          [1, 32, 200],
          [1, 32, 7],
          [3, 1, 5],
        ]);
      }
    }
  });

  test("PyTorch's cascade sum over one dimension equals the plain loop's to the bit", () => {
    const kernel = ([a, out]: Float32Array[], outer: number, size: number, inner: number) =>
      K.kernels.cascadeSumDim(a!, outer, size, inner, out!);
    const shapes = (outer: number, size: number, inner: number) => [
      outer * size * inner,
      outer * inner,
    ];
    // Columns as runs and as rows, contiguous rows shorter and longer than a vector, blocks of
    // 16 carried up every level (4096 and more).
    exactly(shapes, kernel, size, 40, [
      [1, 32, 200],
      [2, 17, 45],
      [3, 5, 1],
      [2, 70, 1],
      [1, 4100, 4],
      [1, 9000, 1],
    ]);
  });

  test("the cascade sum of runs past 2^19 elements (blocks of 32) equals the plain loop's", () => {
    // Five columns of 2^19 + 3: four summed as runs (blocks of 2^5), the fifth as a row.
    const size = (1 << 19) + 3;
    const a = values(5 * size, 5).map((x, j) => (j % 3 === 0 ? x * 1e4 : x));
    const sums = (["ts", "wasm"] as const).map((kind) =>
      runWith(kind, [a, [0, 0, 0, 0, 0]], ([x, out]) =>
        K.kernels.cascadeSumDim(x!, 1, size, 5, out!),
      ),
    );
    expect(sums[1]).toEqual(sums[0]);
  });

  test("the variance's gradient equals the plain loop's to the bit", () => {
    const kernel = ([a, means, g, out]: Float32Array[], o: number, s: number, i: number) =>
      K.kernels.varianceDimBackward(a!, means!, g!, o, s, i, Math.max(1, s - 1), out!);
    const shapes = (outer: number, size: number, inner: number) => [
      outer * size * inner,
      outer * inner,
      outer * inner,
      outer * size * inner,
    ];
    exactly(shapes, kernel, side, 25, [
      [1, 32, 200],
      [2, 3, 7],
    ]);
  });

  test("a sum's gradient spread over the summed dimension equals the plain loop's to the bit", () => {
    const shapes = (outer: number, size: number, inner: number) => [
      outer * inner,
      outer * size * inner,
    ];
    // The divisors of a sum, a mean over 32, and a mean over 3 (g / 3 is not g · (1/3)).
    for (const divisor of [1, 32, 3])
      exactly(
        shapes,
        ([g, out], o, s, i) => K.kernels.expandDim(g!, o, s, i, out!, divisor),
        side,
        15,
        [
          [1, 32, 200],
          [2, 3, 5],
          [2, 7, 1],
          [1, 6400, 1],
        ],
      );
  });

  // ——— end of the variance and spread checks ———

  test("the transpose equals the plain copy", () => {
    const kernel = ([a, out]: Float32Array[], m: number, _k: number, n: number) =>
      K.kernels.transpose(a!, out!, m, n);
    const shapes = (m: number, _k: number, n: number) => [m * n, m * n];
    exactly(shapes, kernel, size, 60, [
      [30, 1, 200],
      [200, 1, 27],
      [1, 1, 7],
    ]);
    exactly(shapes, kernel, large, 8, [[257, 1, 3]]);
  });

  test("cross-entropy forward (loss and softmax) and backward", () =>
    fc.assert(
      fc.property(size, size, seed, (rows, width, s) => {
        const logits = values(rows * width, s).map((x) => x * 20);
        const targets = Int32Array.from(values(rows, s + 1), (x) =>
          Math.floor(((x + 2) / 4) * width),
        );
        const losses: number[] = [];
        const results = (["ts", "wasm"] as const).map((kind) =>
          runWith(kind, [logits, logits.map(() => 0), logits.map(() => 0)], ([l, p, out]) => {
            losses.push(K.kernels.crossEntropyForward(l!, targets, width, p!));
            K.kernels.crossEntropyBackward(p!, targets, width, 1, out!);
          }),
        );
        expect(Math.abs(losses[0]! - losses[1]!)).toBeLessThan(1e-5 * Math.max(1, losses[0]!));
        expectClose(results[1]!, results[0]!, 1 / rows);
      }),
      { numRuns: 60 },
    ));

  // ——— tanh: the WebAssembly kernel and its plain twin agree to the bit ———
  /** Every kind of float32 tanh meets: tiny, the polynomial's range, saturation, specials. */
  const tanhInputs = (() => {
    const xs = [0, -0, 1e-30, 2 ** -12, -(2 ** -12), 3e-4, 0.1, -0.5, 1, 2.5, -4, 7.9, 8, 20];
    xs.push(-1e4, 3.4e38, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    const cutoff = Math.fround(8.664339742);
    for (const c of [cutoff, -cutoff]) xs.push(c, c * (1 + 2 ** -23), c * (1 - 2 ** -23));
    for (let x = -10; x <= 10; x += 0.001) xs.push(x);
    for (let e = -30; e <= 3; e += 0.01) xs.push(Math.exp(e), -Math.exp(e));
    return xs.map(Math.fround);
  })();

  test("tanh: wasm and plain give the same float32s, ±1 past 8.664339742, nan for nan", () => {
    const kernel = ([a, out]: Float32Array[]) => K.kernels.unary("tanh", a!, out!);
    const [plain, fast] = (["ts", "wasm"] as const).map((kind) =>
      runWith(kind, [tanhInputs, tanhInputs.map(() => 0)], kernel),
    );
    expect(Array.from(fast!)).toEqual(Array.from(plain!));
    tanhInputs.forEach((x, i) => {
      // within 1 ulp of the exact value: the float32 Math.tanh rounds to, or its neighbour
      const exact = Math.tanh(x);
      if (Math.abs(x) > Math.fround(8.664339742)) expect(fast![i]).toBe(Math.sign(x));
      else if (Number.isNaN(x)) expect(fast![i]).toBeNaN();
      else expect(Math.abs(fast![i]! - exact)).toBeLessThanOrEqual(2 ** -23 * Math.abs(exact));
    });
  });

  test("tanh's backward: wasm and plain give the same float32s, 1 - y² rounded once", () => {
    const ys = tanhInputs.map((x) => Math.fround(Math.tanh(x)));
    const gs = ys.map((_, i) => Math.fround(Math.sin(i) * 3));
    const kernel = ([x, y, g, out]: Float32Array[]) =>
      K.kernels.unaryBackward("tanh", x!, y!, g!, out!);
    const [plain, fast] = (["ts", "wasm"] as const).map((kind) =>
      runWith(kind, [tanhInputs, ys, gs, ys.map(() => 0)], kernel),
    );
    expect(Array.from(fast!)).toEqual(Array.from(plain!));
    ys.forEach((y, i) => {
      if (!Number.isNaN(y)) expect(fast![i]).toBe(Math.fround(gs[i]! * Math.fround(1 - y * y)));
    });
  });
  // ——— end of tanh ———
});

describe.runIf(wasmExpected)("lecture 7's kernels agree with their plain twins", () => {
  /** Like runWith, but returns every array after the kernel ran (outputs included). */
  function runAll(
    kind: "ts" | "wasm",
    inputs: readonly number[][],
    kernel: (arrays: Float32Array[]) => void,
  ): Float32Array[] {
    K.useKernels(kind);
    const arrays = inputs.map((xs) => {
      const a = allocateFloat32(xs.length);
      a.set(xs);
      return a;
    });
    kernel(arrays);
    return arrays.map((a) => Float32Array.from(a));
  }

  const both = (inputs: readonly number[][], kernel: (arrays: Float32Array[]) => void) =>
    (["ts", "wasm"] as const).map((kind) => runAll(kind, inputs, kernel)) as [
      Float32Array[],
      Float32Array[],
    ];

  test("relu and its backward, to the bit (NaN and -0 pass through, as PyTorch's)", () =>
    fc.assert(
      fc.property(size, size, seed, (m, n, s) => {
        const x = values(m * n, s);
        x[0] = Number.NaN;
        if (x.length > 1) x[1] = -0;
        const g = values(m * n, s + 1);
        const [plain, fast] = both([x, x.map(() => 0), g, x.map(() => 7)], ([a, y, gr, out]) => {
          K.kernels.unary("relu", a!, y!);
          K.kernels.unaryBackward("relu", a!, y!, gr!, out!);
        });
        expect(Number.isNaN(fast[1]![0])).toBe(true);
        if (x.length > 1) expect(Object.is(fast[1]![1], -0)).toBe(true);
        expect(fast[1]).toEqual(plain[1]);
        expect(fast[3]).toEqual(plain[3]);
      }),
      { numRuns: 40 },
    ));

  test("softmax over rows, -inf (a causal mask) included, and its backward adding to out", () =>
    fc.assert(
      fc.property(size, size, seed, (rows, width, s) => {
        const x = values(rows * width, s).map((v) => v * 10);
        // A causal mask's -inf on the later positions of each row, the first kept.
        for (let r = 0; r < rows; r++)
          for (let j = (r % width) + 1; j < width; j++) x[r * width + j] = -Infinity;
        const g = values(rows * width, s + 1);
        const start = values(rows * width, s + 2);
        const [plain, fast] = both([x, x.map(() => 0), g, start], ([a, y, gr, out]) => {
          K.kernels.softmaxRows(a!, width, y!);
          K.kernels.softmaxRowsBackward(y!, gr!, width, out!);
        });
        expectClose(fast[1]!, plain[1]!, 1);
        fast[1]!.forEach((p, i) => {
          if (x[i] === -Infinity) expect(p).toBe(0);
        });
        expectClose(fast[3]!, plain[3]!, 2);
      }),
      { numRuns: 60 },
    ));

  test("layer norm over rows: out, means, 1/std, and the gradients of x, weight and bias", () =>
    fc.assert(
      fc.property(size, size, seed, (rows, width, s) => {
        const x = values(rows * width, s).map((v) => v * 3 + 1);
        const w = values(width, s + 1);
        const b = values(width, s + 2);
        const g = values(rows * width, s + 3);
        const zeros = (n: number) => new Array<number>(n).fill(0);
        const [plain, fast] = both(
          [x, w, b, zeros(rows * width), zeros(rows), zeros(rows), g, zeros(rows * width)].concat([
            zeros(width),
            zeros(width),
          ]),
          ([xa, wa, ba, out, mean, rstd, ga, dx, dw, db]) => {
            K.kernels.layerNormRows(xa!, wa!, ba!, width, 1e-5, out!, mean!, rstd!);
            K.kernels.layerNormRowsBackward(xa!, wa!, mean!, rstd!, ga!, width, dx!, dw!, db!);
          },
        );
        expectClose(fast[3]!, plain[3]!, 4);
        expectClose(fast[4]!, plain[4]!, 2);
        expectClose(fast[5]!, plain[5]!, Math.max(...plain[5]!));
        expectClose(fast[7]!, plain[7]!, 4 * Math.max(...plain[5]!));
        expectClose(fast[8]!, plain[8]!, 4 * rows);
        expectClose(fast[9]!, plain[9]!, 2 * rows);
      }),
      { numRuns: 60 },
    ));
});
