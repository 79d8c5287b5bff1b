/**
 * PyTorch 1.13's answers at the edges (nan, -0, overflow, underflow), op by op, and the
 * gradients' formulas in PyTorch's order: each expected value printed by PyTorch 1.13.
 */
import { describe, expect, test } from "vitest";
import { arange, type DType, pow, sub, tensor } from "./index.ts";

const leaf = (values: number[], dtype: DType = "float32") =>
  tensor(values, { dtype, requiresGrad: true });
const upstream = (values: number[], dtype: DType = "float32") => tensor(values, { dtype });

describe("elementwise ops at nan, -0 and the extremes", () => {
  test("relu passes nan and keeps -0, and its gradient passes g at nan (threshold_backward)", () => {
    const x = leaf([Number.NaN, -0, 0, -2, 3]);
    const y = x.relu();
    y.backward(upstream([1, 2, 3, 4, 5]));
    expect(Array.from(y.storage)).toEqual([Number.NaN, -0, 0, 0, 3]);
    expect(Object.is(y.storage[1], -0)).toBe(true);
    expect(x.grad!.tolist()).toEqual([1, 0, 0, 0, 5]);
  });

  test("abs's gradient is g · sgn(x), sgn being +0 at ±0 and at nan", () => {
    const x = leaf([-0, 0, Number.NaN, -2]);
    x.abs().backward(upstream([1, -2, -3, 4]));
    const grad = Array.from(x.grad!.storage);
    expect(grad).toEqual([0, -0, -0, -4]);
    expect(Object.is(grad[0], 0) && Object.is(grad[1], -0)).toBe(true);
  });

  test("float32 sigmoid rounds each step: sigmoid(-100) is 0 (exp(100) overflows), its gradient (g·(1 - y))·y", () => {
    const x = leaf([-100, 0, 15]);
    const y = x.sigmoid();
    y.backward(upstream([1, 1, 1]));
    expect(Array.from(y.storage)).toEqual([0, 0.5, 0.9999996423721313]);
    expect(Array.from(x.grad!.storage)).toEqual([0, 0.25, 3.5762775496550603e-7]);
  });

  test("log10's gradient divides by x times PyTorch's ln 10 (the double 2.3025850929940456)", () => {
    const x = leaf([1, 0.5], "float64");
    x.log10().backward(upstream([1, 1], "float64"));
    // 1 ulp above Math.LOG10E, which is 1 / Math.LN10 rounded once.
    expect(x.grad!.tolist()).toEqual([Math.LOG10E + 2 ** -54, 0.8685889638065037]);
  });

  test("masks' gradients (clamp, where, tril) are +0 where nothing came through, under a negative g too", () => {
    const x = leaf([1, -2, 5]);
    x.clamp(0, 2).backward(upstream([-1, -1, -1]));
    const grad = Array.from(x.grad!.storage);
    expect(grad).toEqual([-1, 0, 0]);
    expect(Object.is(grad[1], 0)).toBe(true);
  });

  test("tensor() of booleans is a bool tensor, as torch.tensor([True, False])", () => {
    expect(tensor([true, false]).dtype).toBe("bool");
    expect(tensor([[true], [false]]).shape).toEqual([2, 1]);
  });
});

describe("pow and div's gradients in PyTorch's order", () => {
  test("x ** 0 has the gradient 0, even at 0 and ±inf", () => {
    const x = leaf([0, Infinity, -Infinity, 2]);
    x.pow(0).backward(upstream([1, 1, 1, 1]));
    expect(x.grad!.tolist()).toEqual([0, 0, 0, 0]);
  });

  test("x ** 2's gradient is g · (2 · x): it overflows where PyTorch's does", () => {
    const x = leaf([1.7e308, 2], "float64");
    x.pow(2).backward(upstream([0.25, 1], "float64")); // (g · 2) · x would be 8.5e307
    expect(x.grad!.tolist()).toEqual([Infinity, 4]);
  });

  test("x ** 1.5's gradient takes x ** 0.5 as sqrt: nan at -inf", () => {
    const x = leaf([-Infinity, 4]);
    x.pow(1.5).backward(upstream([1, 1]));
    expect(x.grad!.tolist()).toEqual([Number.NaN, 3]);
  });

  test("the divisor's gradient is -g · ((x / y) / y), which overflows where PyTorch's does", () => {
    const a = leaf([1e30, 1]);
    const b = leaf([1e-40, 3]);
    a.div(b).backward(upstream([1, 1]));
    expect(Array.from(b.grad!.storage)).toEqual([-Infinity, -0.1111111119389534]);
  });
});

describe("sum and mean over several dims, mean's gradient g / n", () => {
  test("x.mean([0, 1], true) and x.sum([0, 2]) reduce those dims, names as PyTorch", () => {
    const x = arange(24).float().view(2, 3, 4).requiresGrad_();
    const m = x.mean([0, 1], true);
    expect(m.shape).toEqual([1, 1, 4]);
    expect(m.tolist()).toEqual([[[10, 11, 12, 13]]]);
    expect(m.gradFn?.name).toBe("MeanBackward1");
    expect(x.sum([0, 2]).tolist()).toEqual([60, 92, 124]);
    expect(x.sum([-1, 0]).tolist()).toEqual([60, 92, 124]);
    m.sum().backward();
    expect((x.grad!.tolist() as number[][][])[1]![2]).toEqual([
      0.1666666716337204, 0.1666666716337204, 0.1666666716337204, 0.1666666716337204,
    ]);
  });

  test("mean's gradient is g / n (g · (1/n) is 0.020000000000000004 for 0.1 over 5)", () => {
    const x = tensor([[1, 2, 3, 4, 5]], { dtype: "float64", requiresGrad: true });
    x.mean(1).backward(upstream([0.1], "float64"));
    expect(x.grad!.tolist()).toEqual([[0.02, 0.02, 0.02, 0.02, 0.02]]);
  });

  test("a dim named twice, and the mean of integers, are refused in PyTorch's words", () => {
    const x = arange(6).float().view(2, 3);
    expect(() => x.sum([0, 0])).toThrow("dim 0 appears multiple times in the list of dims");
    expect(() => arange(6).mean()).toThrow(
      "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
    );
  });
});

test("matmul of two 1-D tensors is their dot product, a number (DotBackward0)", () => {
  const a = arange(3).float().requiresGrad_();
  const d = a.matmul(tensor([2, -1, 4], { dtype: "float32" }));
  expect(d.shape).toEqual([]);
  expect(d.item()).toBe(7);
  expect(d.gradFn?.name).toBe("DotBackward0");
  d.backward(tensor(0.5));
  expect(a.grad!.tolist()).toEqual([1, -0.5, 2]);
});

test("grad_fn names by operand kind, as PyTorch 1.13: x ** y and 10 ** x PowBackward1, 2 - x RsubBackward1", () => {
  const x = leaf([1, 2]);
  const y = leaf([3, 4]);
  expect(x.pow(2).gradFn?.name).toBe("PowBackward0");
  expect(x.pow(y).gradFn?.name).toBe("PowBackward1");
  expect(pow(10, x).gradFn?.name).toBe("PowBackward1");
  const r = sub(2, x);
  expect(r.gradFn?.name).toBe("RsubBackward1");
  r.backward(upstream([1, -3]));
  expect(r.tolist()).toEqual([1, 0]);
  expect(x.grad!.tolist()).toEqual([-1, 3]);
});
