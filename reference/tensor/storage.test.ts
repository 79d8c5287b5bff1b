/**
 * The lifetimes of tensor memory: scope() releases what was made inside (index tensors
 * included) and copies out what it returns, training gives the same losses with or without
 * it and with either kernels, and a tensor kept outside a scope is never overwritten.
 */
import { afterEach, describe, expect, test } from "vitest";
import { crossEntropy, Generator, randint, randn, scope, type Tensor, tensor } from "./index.ts";
import * as K from "./kernels.ts";

const wasmExpected = process.env["GRADLINGS_KERNELS"] !== "ts";

afterEach(() => {
  if (wasmExpected) K.useKernels("wasm");
});

/** The lecture's MLP step; returns the losses of `steps` steps. */
function train(steps: number, withScope: boolean): number[] {
  const g = new Generator().manualSeed(2147483647);
  const X = randint(0, 27, [500, 3], { generator: g });
  const Y = randint(0, 27, [500], { generator: g });
  const C = randn([27, 10], { generator: g, requiresGrad: true });
  const W1 = randn([30, 200], { generator: g, requiresGrad: true });
  const b1 = randn([200], { generator: g, requiresGrad: true });
  const W2 = randn([200, 27], { generator: g, requiresGrad: true });
  const b2 = randn([27], { generator: g, requiresGrad: true });
  const parameters = [C, W1, b1, W2, b2];
  const step = () => {
    const ix = randint(0, 500, [32], { generator: g });
    const h = C.index(X.index(ix)).view(-1, 30).matmul(W1).add(b1).tanh();
    const loss = crossEntropy(h.matmul(W2).add(b2), Y.index(ix));
    for (const p of parameters) p.grad = null;
    loss.backward();
    for (const p of parameters) p.data.add_(p.grad!.mul(-0.1));
    return loss.item();
  };
  return Array.from({ length: steps }, () => (withScope ? scope(step) : step()));
}

describe("training through the public API", () => {
  test("the same losses with or without scope()", () => {
    const a = train(30, true);
    const b = train(30, false);
    a.forEach((loss, i) => {
      expect(loss).toBeCloseTo(b[i]!, 5);
    });
    expect(a[29]).toBeLessThan(a[0]!);
  });

  test.runIf(wasmExpected)("the same losses with the plain and the WebAssembly kernels", () => {
    K.useKernels("ts");
    const plain = train(30, false);
    K.useKernels("wasm");
    const fast = train(30, true);
    fast.forEach((loss, i) => {
      expect(Math.abs(loss - plain[i]!)).toBeLessThan(1e-3 * Math.max(1, plain[i]!));
    });
  });
});

describe("scope()", () => {
  test("a tensor made inside and used after the scope is an error that says why", () => {
    let kept: Tensor | null = null;
    const total = scope(() => {
      kept = tensor([1.5, 2.5]).mul(2);
      return kept.sum().item();
    });
    expect(total).toBe(8);
    expect(() => kept!.tolist()).toThrow(/made inside scope\(\)/);
    expect(() => kept!.add(1)).toThrow(/given back when the scope ended/);
  });

  test("a returned tensor is copied out and stays usable; tensors from before are untouched", () => {
    const w = tensor([1, 2, 3], { dtype: "float32" });
    const out = scope(() => {
      w.add_(tensor([1, 1, 1], { dtype: "float32" }));
      return w.mul(10);
    });
    scope(() => tensor([9, 9, 9], { dtype: "float32" }).mul(7).sum().item());
    expect(out.tolist()).toEqual([20, 30, 40]);
    expect(w.tolist()).toEqual([2, 3, 4]);
  });

  test("memory is reused by the next scope, and an error inside still ends the scope", () => {
    let inner: Tensor | null = null;
    expect(() =>
      scope(() => {
        inner = tensor([1, 2], { dtype: "float32" }).mul(3);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(() => inner!.item()).toThrow(/made inside scope/);
    const again = scope(() => tensor([4, 5], { dtype: "float32" }).mul(1));
    expect(again.tolist()).toEqual([4, 5]);
  });

  test("index tensors follow the scope too: a returned one stays an integer tensor, a kept one refuses", () => {
    const g = new Generator().manualSeed(7);
    let kept: Tensor | null = null;
    const ix = scope(() => {
      kept = randint(0, 100, [32], { generator: g });
      return randint(0, 100, [5], { generator: g });
    });
    expect(ix.dtype).toBe("int64");
    expect(ix.storage).toBeInstanceOf(Int32Array);
    const values = ix.tolist();
    // The next scope reuses the arrays of the last one; the copy out must not change.
    scope(() => randint(0, 100, [5], { generator: g }).sum().item());
    expect(ix.tolist()).toEqual(values);
    expect(() => kept!.tolist()).toThrow(/made inside scope\(\)/);
  });
});

test("a tensor kept outside any scope keeps its values while memory is recycled", async () => {
  const kept = randn([64, 64], { generator: new Generator().manualSeed(3) });
  const before = kept.tolist();
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 200; i++) randn([64, 64]).mul(2).tanh();
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(kept.tolist()).toEqual(before);
});
