/** Comparisons, bool tensors and masks against PyTorch 1.13's printing, dtypes and grad_fn names. */
import { describe, expect, test } from "vitest";
import { allclose, clamp, ones, onesLike, tensor, tril, triu, where, zerosLike } from "./index.ts";

const x = () =>
  tensor(
    [
      [0.5, -2],
      [1, 3],
    ],
    { dtype: "float32", requiresGrad: true },
  );

describe("comparisons give bool tensors that print as PyTorch's", () => {
  test("h.abs() > 0.99 and its uses", () => {
    const mask = x().gt(0.9);
    expect(String(mask)).toBe("tensor([[False, False],\n        [ True,  True]])");
    expect(mask.dtype).toBe("bool");
    expect(String(tensor([1, 2, 3]).gt(0))).toBe("tensor([True, True, True])");
    expect(String(x().gt(0).sum())).toBe("tensor(3)");
    expect(String(x().gt(0).float())).toBe("tensor([[1., 0.],\n        [1., 1.]])");
    expect(String(x().gt(0).add(1))).toBe("tensor([[2, 1],\n        [2, 2]])");
    expect(String(tensor([], { dtype: "bool" }))).toBe("tensor([], dtype=torch.bool)");
    expect(String(tensor([0, 2, 0]).bool())).toBe("tensor([False,  True, False])");
  });

  test.each([
    ["gt", [0, 0, 1]],
    ["lt", [1, 0, 0]],
    ["ge", [0, 1, 1]],
    ["le", [1, 1, 0]],
    ["eq", [0, 1, 0]],
    ["ne", [1, 0, 1]],
  ] as const)("%s against 2, broadcast", (op, expected) => {
    expect(Array.from(tensor([1, 2, 3])[op](2).storage)).toEqual(expected);
    expect(tensor([[1], [2]])[op](tensor([1, 2, 3])).shape).toEqual([2, 3]);
  });
});

describe("where, maskedFill, clamp, tril, triu, zerosLike, onesLike", () => {
  test("values and grad_fn names", () => {
    const t = x();
    const w = where(t.gt(0), t, 0.0);
    expect(String(w)).toBe(
      "tensor([[0.5000, 0.0000],\n        [1.0000, 3.0000]], grad_fn=<WhereBackward0>)",
    );
    const filled = t.maskedFill(t.lt(0), -Infinity);
    expect(String(filled)).toBe(
      "tensor([[0.5000,   -inf],\n        [1.0000, 3.0000]], grad_fn=<MaskedFillBackward0>)",
    );
    expect(String(clamp(t, -1, 1))).toBe(
      "tensor([[ 0.5000, -1.0000],\n        [ 1.0000,  1.0000]], grad_fn=<ClampBackward1>)",
    );
    expect(t.clamp(0).tolist()).toEqual([
      [0.5, 0],
      [1, 3],
    ]);
    expect(String(tril(ones([3, 3])))).toBe(
      "tensor([[1., 0., 0.],\n        [1., 1., 0.],\n        [1., 1., 1.]])",
    );
    expect(triu(ones([2, 3]), 1).tolist()).toEqual([
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(t.tril().gradFn?.name).toBe("TrilBackward0");
    expect(String(zerosLike(t))).toBe("tensor([[0., 0.],\n        [0., 0.]])");
    expect(String(onesLike(tensor([1, 2])))).toBe("tensor([1, 1])");
  });

  test("a masked-out -inf gets no gradient and makes no nan (the attention mask)", () => {
    const t = x();
    const masked = t.maskedFill(tril(ones([2, 2])).eq(0), -Infinity);
    masked.softmax(1).slice(":", 0).sum().backward();
    expect(Array.from(t.grad!.storage).every(Number.isFinite)).toBe(true);
    expect((t.grad!.tolist() as number[][])[0]![1]).toBe(0);
  });
});

describe("allclose, as torch.allclose", () => {
  test("|a - b| <= atol + rtol·|b|, broadcast; NaN is never close, infinities of one sign are", () => {
    const a = tensor([1, 2, 3]);
    expect(allclose(a, tensor([1, 2, 3 + 2e-5]))).toBe(true);
    expect(allclose(a, tensor([1, 2, 3 + 1e-4]))).toBe(false);
    expect(allclose(a, tensor([1, 2, 3.1]), 0.1)).toBe(true);
    expect(allclose(tensor([[1], [1]]), ones([2, 3]))).toBe(true);
    expect(allclose(tensor([Number.NaN]), tensor([Number.NaN]))).toBe(false);
    expect(allclose(tensor([Infinity, -Infinity]), tensor([Infinity, -Infinity]))).toBe(true);
    expect(allclose(tensor([Infinity]), tensor([-Infinity]))).toBe(false);
  });
});
