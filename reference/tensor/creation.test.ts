/**
 * The creation functions against PyTorch's algorithms: printing, case by case.
 */
import { describe, expect, test } from "vitest";
import { full, type Tensor, tensor, zeros } from "./index.ts";

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
