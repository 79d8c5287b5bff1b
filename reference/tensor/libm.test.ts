import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fmaFloat32, logFloat32, sinCosFloat32, sinCosFloat32Result } from "./avx2math.ts";
import { cos, fma, log, sin, sinCos, sinCosResult } from "./libm.ts";

/** Inputs with correctly rounded results and glibc's, from tools/libm/generate.py. */
const data = JSON.parse(
  readFileSync(new URL("../../test/data/libm.json", import.meta.url), "utf8"),
) as Record<"log" | "sin" | "cos", [number, number, number][]>;

describe("log, sin and cos in float64 are correctly rounded", () => {
  const functions = { log, sin, cos };
  for (const name of ["log", "sin", "cos"] as const)
    test(`${name}: every input of test/data/libm.json`, () => {
      const wrong = data[name].filter(([x, exact]) => !Object.is(functions[name](x), exact));
      expect(wrong).toEqual([]);
    });

  test("sinCos gives sin and cos together, the same as each alone", () => {
    for (const [x] of data.sin) {
      sinCos(x);
      expect([sinCosResult.sin, sinCosResult.cos]).toEqual([sin(x), cos(x)]);
    }
  });

  test("the edges: log of 0, negatives, inf and nan; sin and cos of inf and nan", () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(Number.NaN)).toBeNaN();
    expect(log(1)).toBe(0);
    expect(sin(Infinity)).toBeNaN();
    expect(cos(Number.NaN)).toBeNaN();
    expect(Object.is(sin(-0), -0)).toBe(true);
  });
});

describe("fused multiply-adds round once", () => {
  test("fmaFloat32: a·b + c rounded once to float32, ties decided by the exact sum", () => {
    const ulp = 2 ** -23;
    // (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46: one rounding keeps it, two would give 0
    expect(fmaFloat32(1 + ulp, 1 - ulp, -1)).toBe(-(2 ** -46));
    // (1 + 2^-12)² + 2^-60 = 1 + 2^-11 + 2^-24 + 2^-60: the double sum drops 2^-60 and lands
    // halfway between two float32s, where rounding to even would go down; the exact sum is
    // above halfway, so it goes up
    const a = 1 + 2 ** -12;
    expect(fmaFloat32(a, a, 2 ** -60)).toBe(1 + 2 ** -11 + ulp);
    expect(Math.fround(a * a + 2 ** -60)).toBe(1 + 2 ** -11);
    expect(fmaFloat32(a, a, -(2 ** -60))).toBe(1 + 2 ** -11);
  });

  test("fma: a·b + c rounded once for doubles", () => {
    const e = 2 ** -52;
    expect(fma(1 + e, 1 - e, -1)).toBe(-(2 ** -104));
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17); // 0.1 is a hair above 1/10
    expect(fma(2, 3, 4)).toBe(10);
  });
});

describe("PyTorch's AVX2 float32 log and sin/cos (the randn kernel's)", () => {
  test("exact where float32 is exact, nan outside the domain", () => {
    expect(logFloat32(1)).toBe(0);
    expect(logFloat32(0)).toBeNaN();
    expect(logFloat32(-1)).toBeNaN();
    sinCosFloat32(0);
    expect([sinCosFloat32Result.sin, sinCosFloat32Result.cos]).toEqual([0, 1]);
  });

  test("within 3 float32 ulps of the true values over randn's arguments", () => {
    for (let i = 1; i <= 2000; i++) {
      const u = Math.fround(i / 2001);
      const l = logFloat32(u);
      expect(Math.abs(l - Math.log(u))).toBeLessThanOrEqual(
        3 * 2 ** -23 * Math.abs(Math.log(u)) + 1e-12,
      );
      const theta = Math.fround(Math.fround(2 * Math.PI) * u);
      sinCosFloat32(theta);
      expect(Math.abs(sinCosFloat32Result.sin - Math.sin(theta))).toBeLessThanOrEqual(3 * 2 ** -24);
      expect(Math.abs(sinCosFloat32Result.cos - Math.cos(theta))).toBeLessThanOrEqual(3 * 2 ** -24);
    }
  });
});
