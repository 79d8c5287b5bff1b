/**
 * expectGradientTensor's rounding allowance for sums whose terms cancel: a few ulps of the terms'
 * size, per element when given per element, so that a correct order of the additions passes and
 * a small element is never excused by a large element's terms.
 */
import { describe, expect, it } from "vitest";
import { CheckFailure } from "#kit/check.ts";
import { expectGradientTensor } from "#kit/gradient-tensor.ts";
import { ninjaCase, ulpOf } from "#reference/makemore/ninja.ts";
import { tensor } from "#reference/tensor/index.ts";

const hint = "(hint)";

describe("expectGradientTensor's termScale", () => {
  it("accepts another order of a matrix product whose terms cancel (dembcat, batch of 3)", () => {
    // Exercise 28's fresh seed 180045171 drew this case: its dembcat was 2.98e-8 from autograd's,
    // past allclose, on an element of about 5e-4 whose 64 products add up to about 0.25 in size.
    const { forward: f, grads } = ninjaCase(791567140, 3);
    const terms = grads.hprebn.abs().matmul(f.W1.abs().T);
    // Another order of the same sums: each dot product added from its last term to its first.
    const reversed = grads.embcat.clone();
    const [rows, columns] = reversed.shape as [number, number];
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < columns; j++) {
        let sum = 0;
        for (let k = f.W1.shape[1]! - 1; k >= 0; k--)
          sum = Math.fround(sum + Math.fround(grads.hprebn.get(i, k) * f.W1.get(j, k)));
        reversed.set(sum, i, j);
      }
    expect(() =>
      expectGradientTensor("dembcat", "embcat", reversed, grads.embcat, {
        hint,
        termScale: terms,
      }),
    ).not.toThrow();
  });

  it("fails an error past a few ulps of the element's own terms", () => {
    const expected = tensor([1e-3, 1e-3]);
    const terms = tensor([1000, 1e-3]);
    // 1e-6 is within 4 ulps of 1000 (6e-5 each) but far past those of 1e-3.
    const got = tensor([1e-3, 1e-3 + 1e-6]);
    expect(() => expectGradientTensor("d", "x", got, expected, { hint, termScale: terms })).toThrow(
      CheckFailure,
    );
    expect(() =>
      expectGradientTensor("d", "x", tensor([1e-3 + 1e-6, 1e-3]), expected, {
        hint,
        termScale: terms,
      }),
    ).not.toThrow();
    // One number for the whole tensor is the largest term's scale everywhere.
    expect(() =>
      expectGradientTensor("d", "x", got, expected, { hint, termScale: 1000 }),
    ).not.toThrow();
    expect(4 * ulpOf(1000)).toBeGreaterThan(1e-6);
  });

  it("fails without a termScale when the difference is past allclose", () => {
    const expected = tensor([1e-3]);
    expect(() => expectGradientTensor("d", "x", tensor([1e-3 + 1e-6]), expected, { hint })).toThrow(
      CheckFailure,
    );
  });
});
