/**
 * The lecture's chunkated forward pass and cmp against PyTorch 1.13's figures for the same
 * seeds (the model and batch drawn as ninjaCase draws them; the values printed by PyTorch are
 * quoted beside each expectation).
 */
import { expect, test } from "vitest";
import { Generator, oneHot, randint } from "../tensor/index.ts";
import {
  cmp,
  compareGradients,
  intermediateNames,
  ninjaCase,
  ninjaForward,
  ulpOf,
} from "./ninja.ts";
import { initNinja, ninjaSizes } from "./ninja-model.ts";

test("the forward pass's loss and autograd's gradients are PyTorch's, to float32 rounding", () => {
  const { forward, grads } = ninjaCase(2147483647, 32);
  // PyTorch: loss.item() = 3.432089328765869 (a sum in another order: a few float32 ulps apart)
  expect(forward.loss.item()).toBeCloseTo(3.432089328765869, 5);
  expect((forward.Xb.tolist() as number[][])[0]).toEqual([15, 21, 6]);
  expect(grads.logits.get(0, 0)).toBeCloseTo(0.001193273696117103, 9);
  expect(grads.hprebn.get(0, 0)).toBeCloseTo(-0.0011857254430651665, 9);
  // dC gathers dembcat through the matmul embcat @ W1, whose float32 sums run in another order
  // than OpenBLAS's (most elements of hprebn differ in their last bits): about 26 ulps here.
  expect(grads.C.get(1, 0)).toBeCloseTo(0.0008358852937817574, 8);
  const small = ninjaCase(7, 5);
  // PyTorch: 3.2663345336914062, Xb [[18, 11, 1], ...], Yb [9, 26, 12, 10, 11]
  expect(small.forward.loss.item()).toBeCloseTo(3.2663345336914062, 5);
  expect((small.forward.Xb.tolist() as number[][])[0]).toEqual([18, 11, 1]);
  expect(small.forward.Yb.tolist()).toEqual([9, 26, 12, 10, 11]);
});

test("every intermediate keeps its gradient, in its own shape, and the case's tensors are detached", () => {
  const g = new Generator().manualSeed(1);
  const p = initNinja(ninjaSizes, g, new Generator().manualSeed(2));
  const Xb = randint(0, 27, [8, 3], { generator: g });
  const Yb = randint(0, 27, [8], { generator: g });
  const f = ninjaForward(p, Xb, Yb);
  f.loss.backward();
  for (const name of intermediateNames) expect(f[name].grad?.shape, name).toEqual(f[name].shape);
  expect(f.bnvar.shape).toEqual([1, 64]);
  expect(f.counts_sum.shape).toEqual([8, 1]);
  const { forward } = ninjaCase(1, 8);
  expect(forward.logits.requiresGrad).toBe(false);
  expect(forward.logits.gradFn).toBeNull();
});

test("cmp prints the lecture's line; exact, approximate and maxdiff as torch.all, allclose and abs().max()", () => {
  const { forward: f, grads } = ninjaCase(2147483647, 32);
  const same = compareGradients("logprobs", grads.logprobs.clone(), grads.logprobs);
  expect(same.line).toBe("logprobs        | exact: True  | approximate: True  | maxdiff: 0");
  expect(same.explanation).toBe(same.line);
  // The lecture's exercise 2 line: exact False, approximate True, maxdiff a few 1e-9.
  const n = 32;
  const dlogits = f.logits.softmax(1).sub(oneHot(f.Yb, 27)).div(n);
  const fast = compareGradients("logits", dlogits, grads.logits);
  expect(fast.exact).toBe(false);
  expect(fast.approximate).toBe(true);
  expect(fast.maxdiff).toBeLessThan(1e-8);
  expect(fast.line).toMatch(/^logits {10}\| exact: False \| approximate: True {2}\| maxdiff: \d/);
  expect(fast.explanation).toContain("approximate: a different order of float32 operations");
  expect(fast.ulps).toBeGreaterThan(0);
  expect(fast.ulps).toBeLessThan(16);
  const wrong = compareGradients("logits", dlogits.mul(n), grads.logits);
  expect(wrong.approximate).toBe(false);
  expect(wrong.explanation).toBe(wrong.line);
});

test("cmp reads the retained .grad, as the lecture's", () => {
  const g = new Generator().manualSeed(3);
  const p = initNinja(ninjaSizes, g, new Generator().manualSeed(4));
  const f = ninjaForward(
    p,
    randint(0, 27, [4, 3], { generator: g }),
    randint(0, 27, [4], { generator: g }),
  );
  expect(() => cmp("h", f.h, f.h)).toThrow(/no .grad/);
  f.loss.backward();
  expect(cmp("h", f.h.grad!.clone(), f.h).exact).toBe(true);
});

test("ulpOf is float32's spacing (numpy.spacing)", () => {
  expect(ulpOf(1)).toBe(2 ** -23); // 1.1920929e-07
  expect(ulpOf(0.03)).toBe(2 ** -29); // 1.8626451e-09
  expect(ulpOf(-0.03)).toBe(2 ** -29);
  expect(ulpOf(0)).toBe(2 ** -149); // 1e-45
  expect(ulpOf(2 ** -130)).toBe(2 ** -149);
  expect(ulpOf(0.5)).toBe(2 ** -24);
});

test("where the lecture's manual backward is exact, the kit's autograd sums the same way", () => {
  const { forward: f, grads } = ninjaCase(2147483647, 32);
  // Sums over a broadcast dimension: autograd's gradient and .sum(dim, true) agree bit for bit.
  expect(
    compareGradients("logit_maxes", grads.norm_logits.neg().sum(1, true), grads.logit_maxes).exact,
  ).toBe(true);
  expect(compareGradients("bnbias", grads.hpreact.sum(0, true), grads.bnbias).exact).toBe(true);
  expect(compareGradients("b1", grads.hprebn.sum(0), grads.b1).exact).toBe(true);
  expect(
    compareGradients("bngain", f.bnraw.mul(grads.hpreact).sum(0, true), grads.bngain).exact,
  ).toBe(true);
});
