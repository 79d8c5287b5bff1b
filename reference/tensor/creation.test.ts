/**
 * The creation functions against PyTorch's algorithms: multinomial (the cdf kernel and the
 * exponential method), randn in float32 and float64 to the last bit (recomputed here by hand
 * from the generator's own draws), integer limits, and arange and linspace's errors.
 * (Printing is in format.test.ts.)
 */
import { describe, expect, test } from "vitest";
import { logFloat32, sinCosFloat32, sinCosFloat32Result } from "./avx2math.ts";
import {
  arange,
  full,
  Generator,
  linspace,
  multinomial,
  ones,
  rand,
  randint,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "./index.ts";
import { cos, log, sin } from "./libm.ts";

const f = Math.fround;
const seeded = (seed: number) => new Generator().manualSeed(seed);

/** PyTorch's float32 uniform from one 32-bit draw: its low 24 bits times 2^-24. */
const uniform32 = (draw: number) => (draw & 0xffffff) * 2 ** -24;

/** PyTorch's float64 uniform from two 32-bit draws: the low 53 bits of (first << 32 | second). */
const uniform64 = (g: Generator) => {
  const high = g.nextUint32();
  const low = g.nextUint32();
  return ((high & 0x1fffff) * 2 ** 32 + low) * 2 ** -53;
};

/** The first index whose cdf entry is >= u (PyTorch's binary search gives the same). */
const firstAtLeast = (cdf: readonly number[], u: number) => {
  const i = cdf.findIndex((c) => c >= u);
  return i === -1 ? cdf.length - 1 : i;
};

describe("multinomial with replacement: PyTorch's cdf kernel", () => {
  test("the cdf is a float32 running sum of the raw values, divided by the float32 total", () => {
    // Chosen so that the order matters: PyTorch's order puts u = 0.0581544860 past the first
    // entry (category 1); the kit's old order (a float64 total, a running sum of p / total)
    // put it on the first (category 0).
    const a = 0.07328850030899048;
    const b = 1.186949610710144;
    const u = seeded(42).uniformFloat64();
    const pytorchOrder = f(a / f(a + b));
    const oldOrder = f(a / (a + b));
    expect(pytorchOrder < u && oldOrder >= u).toBe(true);
    expect(
      multinomial(tensor([a, b]), 1, { replacement: true, generator: seeded(42) }).item(),
    ).toBe(1);
  });

  test("float64 probabilities keep their cdf in float64", () => {
    const u = seeded(42).uniformFloat64();
    expect(f(u) > u).toBe(true);
    // In float64 the first entry is just below u (category 1); rounded to float32 it would be
    // f(u), above u (category 0).
    const p0 = u - 1e-12;
    const p = tensor([p0, 1 - p0], { dtype: "float64" });
    expect(p0 / (p0 + (1 - p0)) < u && f(p0) >= u).toBe(true);
    expect(multinomial(p, 1, { replacement: true, generator: seeded(42) }).item()).toBe(1);
  });

  test("each sample is one float64 uniform searched in the row's cdf (recomputed by hand)", () => {
    const p = rand([4, 27], { generator: seeded(7) });
    const generator = seeded(2147483647);
    const draws = multinomial(p, 50, { replacement: true, generator });
    const g = seeded(2147483647);
    const expected: number[][] = [];
    for (let r = 0; r < 4; r++) {
      const row = [...p.storage.subarray(r * 27, (r + 1) * 27)];
      let sum = 0;
      const running = row.map((v) => (sum = f(sum + v)));
      const cdf = running.map((c) => f(c / sum));
      cdf[26] = 1;
      expected.push(Array.from({ length: 50 }, () => firstAtLeast(cdf, uniform64(g))));
    }
    expect(draws.tolist()).toEqual(expected);
    // Nothing else was drawn: the two generators are in step.
    expect(generator.nextUint32()).toBe(g.nextUint32());
  });

  test("rows are sampled from their own distributions; unnormalised rows are fine", () => {
    const p = tensor([
      [0, 0, 5],
      [2, 0, 0],
    ]).float();
    expect(multinomial(p, 4, { replacement: true, generator: seeded(1) }).tolist()).toEqual([
      [2, 2, 2, 2],
      [0, 0, 0, 0],
    ]);
  });

  test("a negative, NaN or infinite probability, or a row of zeros, is one sentence", () => {
    const draw = (values: number[]) => () =>
      multinomial(tensor(values, { dtype: "float32" }), 1, { replacement: true });
    expect(draw([0.5, -0.1])).toThrow(/finite and non-negative/);
    expect(draw([0.5, Number.NaN])).toThrow(/finite and non-negative/);
    expect(draw([0.5, Number.POSITIVE_INFINITY])).toThrow(/finite and non-negative/);
    expect(draw([0, 0])).toThrow(/sum to zero/);
    expect(() => multinomial(tensor([0.5, 0.5]), 0, { replacement: true })).toThrow(/1 or more/);
  });
});

/** The exponential method by hand: q = -log1p(-u) per element in order, scores p / q in float32. */
function exponentialScores(p: Tensor, g: Generator): number[] {
  return [...p.storage].map((v) => f(v / f(-Math.log1p(-uniform64(g)))));
}

describe("multinomial's exponential method", () => {
  const p = tensor([0.6, 0.3, 0.1]);

  test("one sample is the argmax of p / q, q ~ exponential(1) from float64 uniforms", () => {
    for (let seed = 0; seed < 20; seed++) {
      const scores = exponentialScores(p, seeded(seed));
      const expected = scores.indexOf(Math.max(...scores));
      const got = multinomial(p, 1, {
        replacement: true,
        method: "exponential",
        generator: seeded(seed),
      });
      expect(got.item()).toBe(expected);
    }
  });

  test("the same seed gives the same draws", () => {
    const draw = () =>
      multinomial(rand([5, 27], { generator: seeded(3) }), 1, {
        replacement: true,
        method: "exponential",
        generator: seeded(11),
      }).tolist();
    expect(draw()).toEqual(draw());
  });

  test("20,000 draws of [0.6, 0.3, 0.1] come up in those proportions (within 4 standard errors)", () => {
    const n = 20_000;
    const rows = tensor(Array.from({ length: n }, () => [0.6, 0.3, 0.1]));
    const draws = multinomial(rows, 1, {
      replacement: true,
      method: "exponential",
      generator: seeded(5),
    });
    const counts = [0, 0, 0];
    for (const d of draws.storage) counts[d]!++;
    [0.6, 0.3, 0.1].forEach((q, k) => {
      const standardError = Math.sqrt((q * (1 - q)) / n);
      expect(Math.abs(counts[k]! / n - q)).toBeLessThan(4 * standardError);
    });
  });

  test("with replacement, more than one sample falls back to the cdf method, as PyTorch does", () => {
    const options = { replacement: true, generator: seeded(9) } as const;
    const exponential = multinomial(p, 10, { ...options, method: "exponential" }).tolist();
    const cdf = multinomial(p, 10, { ...options, generator: seeded(9) }).tolist();
    expect(exponential).toEqual(cdf);
  });

  test("without replacement (either method, as in the lectures' PyTorch) the samples are the top k of p / q, distinct", () => {
    const q = rand(10, { generator: seeded(4) });
    for (const method of ["cdf", "exponential"] as const) {
      const scores = exponentialScores(q, seeded(8));
      const expected = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, 4);
      expect(multinomial(q, 4, { method, generator: seeded(8) }).tolist()).toEqual(expected);
    }
    const all = multinomial(rand([3, 27], { generator: seeded(2) }), 27, { generator: seeded(6) });
    for (const row of all.tolist() as number[][])
      expect([...row].sort((a, b) => a - b)).toEqual([...Array(27).keys()]);
    // Categories of probability zero come last.
    const some = multinomial(tensor([0, 0.5, 0, 0.5, 0]), 3, { generator: seeded(1) }).tolist();
    expect((some as number[]).slice(0, 2).sort()).toEqual([1, 3]);
    expect(() => multinomial(p, 4)).toThrow(/without replacement from 3 categories/);
  });
});

/**
 * PyTorch's float32 Box–Muller on 16 uniforms (j with j + 8), as its AVX2 kernel computes it:
 * float32 steps, with the kernel's float32 log and sin/cos (avx2math.ts, tested against
 * PyTorch's own draws by the parity suite).
 */
function boxMuller32(u: number[]): number[] {
  const out = [...u];
  const twoPi = f(2 * Math.PI);
  for (let j = 0; j < 8; j++) {
    const radius = f(Math.sqrt(f(-2 * logFloat32(f(1 - u[j]!)))));
    sinCosFloat32(f(twoPi * u[j + 8]!));
    out[j] = f(radius * sinCosFloat32Result.cos);
    out[j + 8] = f(radius * sinCosFloat32Result.sin);
  }
  return out;
}

/** PyTorch's normal_fill in double on 16 uniforms, with the C library's log, sin and cos. */
function boxMuller64(u: number[]): number[] {
  const out = [...u];
  for (let j = 0; j < 8; j++) {
    const radius = Math.sqrt(-2 * log(1 - u[j]!));
    const theta = 2 * Math.PI * u[j + 8]!;
    out[j] = radius * cos(theta);
    out[j + 8] = radius * sin(theta);
  }
  return out;
}

/** randn of n >= 16 by hand: n uniforms, blocks of 16, and the last 16 redrawn when n % 16 != 0. */
function normalsByHand(n: number, uniform: () => number, transform: (u: number[]) => number[]) {
  const out = Array.from({ length: n }, uniform);
  for (let start = 0; start + 16 <= n; start += 16)
    out.splice(start, 16, ...transform(out.slice(start, start + 16)));
  if (n % 16 !== 0) out.splice(n - 16, 16, ...transform(Array.from({ length: 16 }, uniform)));
  return out;
}

describe("randn to the last bit", () => {
  test("the generator's first outputs for seed 2147483647, as PyTorch's", () => {
    const g = seeded(2147483647);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([
      1689602031, 3831148394, 2820341149, 2744746572,
    ]);
    expect(seeded(2147483647).uniformFloat32()).toBe(uniform32(1689602031));
  });

  test.each([16, 17, 27 * 27])("float32, %i elements: exactly the vectorised Box–Muller", (n) => {
    const g = seeded(2147483647);
    const expected = normalsByHand(n, () => uniform32(g.nextUint32()), boxMuller32);
    const x = randn(n, { generator: seeded(2147483647) });
    expect([...x.storage]).toEqual(expected);
  });

  test("float32, 17 elements: the first is from the first block, the other 16 from 16 fresh uniforms", () => {
    const g = seeded(0);
    const draws = Array.from({ length: 33 }, () => uniform32(g.nextUint32()));
    const x = [...randn(17, { generator: seeded(0) }).storage];
    expect(x[0]).toBe(boxMuller32(draws.slice(0, 16))[0]);
    expect(x.slice(1)).toEqual(boxMuller32(draws.slice(17, 33)));
  });

  test("float32 below 16 elements: the scalar path, one float64 normal per element", () => {
    const g = seeded(0);
    const expected = Array.from({ length: 15 }, () => f(g.normalFloat64()));
    expect([...randn(15, { generator: seeded(0) }).storage]).toEqual(expected);
  });

  test.each([16, 17, 27 * 27])(
    "float64, %i elements: Box–Muller on float64 uniforms, in double",
    (n) => {
      const g = seeded(2147483647);
      const expected = normalsByHand(n, () => uniform64(g), boxMuller64);
      const x = randn(n, { dtype: "float64", generator: seeded(2147483647) });
      expect(x.dtype).toBe("float64");
      expect([...x.storage]).toEqual(expected);
      // Not float32 numbers in disguise.
      expect([...x.storage].filter((v) => f(v) !== v).length).toBeGreaterThan(n - 2);
    },
  );

  test("float64: the tail rule for 17 elements, and the generator is left where PyTorch leaves it", () => {
    const g = seeded(1);
    const draws = Array.from({ length: 33 }, () => uniform64(g));
    const after = g.nextUint32();
    const r = seeded(1);
    const x = [...randn(17, { dtype: "float64", generator: r }).storage];
    expect(x[0]).toBe(boxMuller64(draws.slice(0, 16))[0]);
    expect(x.slice(1)).toEqual(boxMuller64(draws.slice(17, 33)));
    expect(r.nextUint32()).toBe(after);
  });

  test("float64 below 16 elements: the scalar path", () => {
    const g = seeded(0);
    const expected = Array.from({ length: 12 }, () => g.normalFloat64());
    const x = randn(12, { dtype: "float64", generator: seeded(0) });
    expect([...x.storage]).toEqual(expected);
    expect(x.storage[0]!.toFixed(4)).toBe("1.5410");
  });

  test("the same seed gives the same float64 normals", () => {
    const draw = () => [...randn([5, 7], { dtype: "float64", generator: seeded(3) }).storage];
    expect(draw()).toEqual(draw());
  });

  test("randn and rand make floating-point tensors only", () => {
    expect(() => randn(3, { dtype: "int64" })).toThrow(/float32 or float64/);
    expect(() => rand(3, { dtype: "int32" })).toThrow(/float32 or float64/);
  });
});

describe("tensor() and requiresGrad", () => {
  test("tensor([2.0, 3.0], { requiresGrad: true }) is float32 (JavaScript cannot tell 2.0 from 2)", () => {
    const x = tensor([2.0, 3.0], { requiresGrad: true });
    expect(x.dtype).toBe("float32");
    expect(x.requiresGrad).toBe(true);
    x.mul(x).sum().backward();
    expect([...x.grad!.storage]).toEqual([4, 6]);
    expect(tensor([2, 3]).dtype).toBe("int64");
    expect(() => tensor([2, 3], { dtype: "int64", requiresGrad: true })).toThrow(/floating-point/);
  });
});

describe("integers outside 32 bits are an error, not a silent wrap", () => {
  test.each([
    ["tensor([1e10])", () => tensor([1e10])],
    ["tensor([2 ** 40])", () => tensor([2 ** 40])],
    ["tensor([[1], [-(2 ** 31) - 1]])", () => tensor([[1], [-(2 ** 31) - 1]])],
    ["tensor([3e9], int32)", () => tensor([3e9], { dtype: "int32" })],
    ["full(int64, 2 ** 31)", () => full([2], 2 ** 31, { dtype: "int64" })],
    ["arange(2 ** 31 - 2, 2 ** 31 + 1)", () => arange(2 ** 31 - 2, 2 ** 31 + 1)],
    ["randint(0, 2 ** 40)", () => randint(0, 2 ** 40, [3])],
    ["linspace(int64)", () => linspace(0, 1e10, 3, { dtype: "int64" })],
  ] as [string, () => Tensor][])("%s", (_, make) => {
    expect(make).toThrow(/outside \[-2147483648, 2147483647\]/);
  });

  test("int64 says the kit stores it in 32 bits; NaN is refused too", () => {
    expect(() => tensor([1e10])).toThrow(/the kit stores int64 in 32 bits/);
    expect(() => tensor([Number.NaN], { dtype: "int64" })).toThrow(/NaN/);
  });

  test("the ends of the range are fine", () => {
    expect(tensor([2 ** 31 - 1, -(2 ** 31)]).tolist()).toEqual([2 ** 31 - 1, -(2 ** 31)]);
    expect(full([1], -(2 ** 31), { dtype: "int32" }).item()).toBe(-(2 ** 31));
    expect(arange(2 ** 31 - 3, 2 ** 31).tolist()).toEqual([2 ** 31 - 3, 2 ** 31 - 2, 2 ** 31 - 1]);
  });

  test("randint over the whole 32-bit range takes a 64-bit draw, as PyTorch does", () => {
    const low = -(2 ** 31);
    const x = randint(low, 2 ** 31, [3], { generator: seeded(5) });
    const g = seeded(5);
    const expected = Array.from({ length: 3 }, () => low + Number(g.nextUint64() % 2n ** 32n));
    expect(x.tolist()).toEqual(expected);
    expect(() => randint(0.5, 3, [1])).toThrow(/whole numbers/);
  });
});

describe("arange and linspace: clear errors where PyTorch raises", () => {
  test.each([
    ["arange(0, 5, 0)", () => arange(0, 5, 0), /step must not be zero/],
    ["arange(0, 5, NaN)", () => arange(0, 5, Number.NaN), /step must not be zero/],
    ["arange(0, Infinity)", () => arange(0, Number.POSITIVE_INFINITY), /finite bounds/],
    ["arange(NaN)", () => arange(Number.NaN), /finite bounds/],
    ["arange(5, 0)", () => arange(5, 0), /inconsistent with step sign/],
    ["arange(0, 5, -1)", () => arange(0, 5, -1), /inconsistent with step sign/],
    ["linspace(0, 1, -1)", () => linspace(0, 1, -1), /whole number, 0 or more/],
    ["linspace(0, 1, 2.5)", () => linspace(0, 1, 2.5), /whole number, 0 or more/],
  ] as [string, () => Tensor, RegExp][])("%s", (_, make, message) => {
    expect(make).toThrow(message);
  });

  test("what PyTorch allows still works", () => {
    expect(arange(5, 0, -1).tolist()).toEqual([5, 4, 3, 2, 1]);
    expect(arange(3, 3).numel()).toBe(0);
    expect(arange(0, 1, 0.25).tolist()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(linspace(0, 1, 0).numel()).toBe(0);
    // torch.linspace(-3, 0, 1) is tensor([-3.]): one step is the start.
    expect(linspace(-3, 0, 1).tolist()).toEqual([-3]);
    expect(linspace(-3, 0, 4).tolist()).toEqual([-3, -2, -1, 0]);
  });
});

test("multinomial refuses integer counts, as PyTorch does, and says to call .float()", () => {
  expect(() => multinomial(tensor([3, 1]), 1, { replacement: true })).toThrow(
    /floating-point probabilities, but these are int64.*\.float\(\)/,
  );
});

describe("sizes one by one, as torch.zeros(27, 27)", () => {
  test("zeros, ones, rand and randn take them, options last, with PyTorch's meaning", () => {
    expect(zeros(27, 27).shape).toEqual([27, 27]);
    expect(ones(2, 3, { dtype: "int32" }).dtype).toBe("int32");
    expect(rand(2, 2).shape).toEqual([2, 2]);
    const byList = randn([3, 4], { generator: new Generator().manualSeed(2147483647) });
    const oneByOne = randn(3, 4, { generator: new Generator().manualSeed(2147483647) });
    expect(oneByOne.shape).toEqual([3, 4]);
    expect(String(oneByOne)).toBe(String(byList));
  });

  test("a list followed by a size is one sentence", () => {
    const loose = zeros as (...args: unknown[]) => unknown;
    expect(() => loose([2], 3)).toThrow("put every size in the list");
  });
});
