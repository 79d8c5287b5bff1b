/**
 * Printing as PyTorch prints: padding, wrapping, summaries, scientific notation, nan, inf and
 * -0, exact halves rounded to even, and the dtype and grad suffixes.
 */
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { arange, full, oneHot, randn, type Tensor, tensor, zeros } from "./index.ts";

describe("printing like PyTorch", () => {
  test.each([
    [tensor([1, 2, 3]), "tensor([1, 2, 3])"],
    [tensor([1, 2, 3]).float(), "tensor([1., 2., 3.])"],
    [tensor([0.5, -1.25]), "tensor([ 0.5000, -1.2500])"],
    [tensor([1e-5, 1]), "tensor([1.0000e-05, 1.0000e+00])"],
    [zeros([2, 2], { dtype: "int32" }), "tensor([[0, 0],\n        [0, 0]], dtype=torch.int32)"],
    [tensor(3.5), "tensor(3.5000)"],
    [tensor([1, 2]).double(), "tensor([1., 2.], dtype=torch.float64)"],
    [zeros([2], { requiresGrad: true }), "tensor([0., 0.], requires_grad=True)"],
  ] as [Tensor, string][])("%s", (t, expected) => {
    expect(String(t)).toBe(expected);
  });
  test("a big tensor is summarised with ...", () => {
    const text = String(arange(2000));
    expect(text).toBe("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])");
  });
  test("whole-number floats over a range wider than 1000 print in scientific notation", () => {
    expect(String(tensor([1, 2000]).float())).toBe("tensor([1.0000e+00, 2.0000e+03])");
    expect(String(tensor([0, 4410, 78]).float())).toBe("tensor([   0., 4410.,   78.])");
  });
  test("rows of a 2-D tensor wrap at 80 characters, as PyTorch wraps them", () => {
    const xenc = oneHot(tensor([0, 5]), 27).float();
    const zerosLine = Array(18).fill("0.").join(", ");
    const tail = Array(9).fill("0.").join(", ");
    expect(String(xenc).split("\n")[0]).toBe(`tensor([[1., ${zerosLine.slice(4)},`);
    expect(String(xenc).split("\n")[1]).toBe(`         ${tail}],`);
    for (const line of String(randn([3, 20])).split("\n"))
      expect(line.length).toBeLessThanOrEqual(80);
  });
  test("int32 counts print as the lecture's N[0] does, twelve to a line", () => {
    const row = tensor(
      [
        0, 4410, 1306, 1542, 1690, 1531, 417, 669, 874, 591, 2422, 2963, 1572, 2538, 1146, 394, 515,
        92, 1639, 2055, 1308, 78, 376, 307, 134, 535, 929,
      ],
      { dtype: "int32" },
    );
    expect(String(row)).toBe(
      "tensor([   0, 4410, 1306, 1542, 1690, 1531,  417,  669,  874,  591, 2422, 2963,\n" +
        "        1572, 2538, 1146,  394,  515,   92, 1639, 2055, 1308,   78,  376,  307,\n" +
        "         134,  535,  929], dtype=torch.int32)",
    );
  });
  test("a big 2-D tensor is summarised in both dimensions", () => {
    expect(String(arange(2000).view(40, 50))).toBe(
      "tensor([[   0,    1,    2,  ...,   47,   48,   49],\n" +
        "        [  50,   51,   52,  ...,   97,   98,   99],\n" +
        "        [ 100,  101,  102,  ...,  147,  148,  149],\n" +
        "        ...,\n" +
        "        [1850, 1851, 1852,  ..., 1897, 1898, 1899],\n" +
        "        [1900, 1901, 1902,  ..., 1947, 1948, 1949],\n" +
        "        [1950, 1951, 1952,  ..., 1997, 1998, 1999]])",
    );
  });
  test("console.log prints the same as String()", () => {
    const t = tensor([0.5, 2]);
    expect(inspect(t)).toBe(String(t));
  });
  test("a result of an op shows its grad_fn", () => {
    expect(String(zeros([1], { requiresGrad: true }).mul(2))).toBe(
      "tensor([0.], grad_fn=<MulBackward0>)",
    );
  });
});

describe("printing, case by case as PyTorch prints", () => {
  test.each([
    // nan and inf do not widen the padding of whole-number floats
    [tensor([Number.NaN, 1]), "tensor([nan, 1.])"],
    [tensor([Number.POSITIVE_INFINITY, 1, 2]), "tensor([inf, 1., 2.])"],
    [tensor([Number.NaN, Number.NEGATIVE_INFINITY]), "tensor([nan, -inf])"],
    [tensor([0, Number.NaN], { dtype: "float32" }), "tensor([0., nan])"],
    [tensor([Number.POSITIVE_INFINITY, 100], { dtype: "float32" }), "tensor([ inf, 100.])"],
    // nan among decimals and in scientific notation takes the numbers' width
    [tensor([Number.NaN, 0.5, -1.25]), "tensor([    nan,  0.5000, -1.2500])"],
    [tensor([Number.NaN, 1e-5]), "tensor([       nan, 1.0000e-05])"],
    // negative zero keeps its sign, as Python prints it
    [tensor([-0, 1], { dtype: "float32" }), "tensor([-0., 1.])"],
    [tensor([-0, 0.5]), "tensor([-0.0000, 0.5000])"],
    [tensor([-0, 1e-5]), "tensor([-0.0000e+00, 1.0000e-05])"],
    // exact halves round to even, as Python's format does
    [tensor([0.03125, 0.09375, -0.15625]), "tensor([ 0.0312,  0.0938, -0.1562])"],
    [tensor([1, 123445], { dtype: "float32" }), "tensor([1.0000e+00, 1.2344e+05])"],
    // 0-d tensors
    [tensor(Number.NaN), "tensor(nan)"],
    [tensor(-0, { dtype: "float32" }), "tensor(-0.)"],
    [tensor(2), "tensor(2)"],
    [tensor(7, { dtype: "int32" }), "tensor(7, dtype=torch.int32)"],
    [tensor(1e-5), "tensor(1.0000e-05)"],
    // dtype suffixes, empty tensors
    [tensor([1, 2], { dtype: "int32" }), "tensor([1, 2], dtype=torch.int32)"],
    [tensor([-5, 12]), "tensor([-5, 12])"],
    [tensor([], { dtype: "int64" }), "tensor([], dtype=torch.int64)"],
    [zeros([0], { dtype: "int32" }), "tensor([], dtype=torch.int32)"],
    [zeros([0], { dtype: "float64" }), "tensor([], dtype=torch.float64)"],
    [zeros([0]), "tensor([])"],
    [zeros([0, 3]), "tensor([], size=(0, 3))"],
    [zeros([2, 0], { dtype: "int64" }), "tensor([], size=(2, 0), dtype=torch.int64)"],
  ] as [Tensor, string][])("%s", (t, expected) => {
    expect(String(t)).toBe(expected);
  });

  test("a suffix that would pass 80 characters goes on its own line, under the first [", () => {
    const nine = full([9], 0.5, { dtype: "float64" });
    expect(String(nine)).toBe(
      "tensor([0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000],\n" +
        "       dtype=torch.float64)",
    );
    expect(String(full([5], 0.5, { dtype: "float64" }))).toBe(
      "tensor([0.5000, 0.5000, 0.5000, 0.5000, 0.5000], dtype=torch.float64)",
    );
    expect(String(full([9], 0.5, { requiresGrad: true }))).toBe(
      "tensor([0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000],\n" +
        "       requires_grad=True)",
    );
  });
});
