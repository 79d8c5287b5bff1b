/**
 * The autograd graph's bookkeeping as PyTorch keeps it: gradients that accumulate, a .grad
 * of each leaf's own, noGrad, deep graphs, in-place changes autograd would not see, and the
 * zero-grad step inside scope().
 */
import { describe, expect, test } from "vitest";
import { isGradEnabled } from "./autograd.ts";
import { Generator, noGrad, randn, scope, tensor, zeros } from "./index.ts";

describe("autograd bookkeeping", () => {
  test("gradients accumulate across backward calls until set to null", () => {
    const w = tensor([2]).float().requiresGrad_();
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    expect(w.grad!.item()).toBe(6);
    w.grad = null;
    w.mul(3).sum().backward();
    expect(w.grad!.item()).toBe(3);
  });
  test("p.data.add_(p.grad.mul(-lr)) updates in place, outside the graph", () => {
    const p = tensor([1, 2]).float().requiresGrad_();
    p.mul(p).sum().backward();
    p.data.add_(p.grad!.mul(-0.1));
    expect([...p.storage].map((v) => v.toFixed(2))).toEqual(["0.80", "1.60"]);
    expect(() => p.add_(1)).toThrow(/p\.data/);
  });
  test("p.data = p.data.sub(p.grad.mul(lr)) updates as PyTorch's assignment does; another shape is one sentence", () => {
    const p = tensor([1, 2]).float().requiresGrad_();
    p.mul(p).sum().backward();
    p.data = p.data.sub(p.grad!.mul(0.1));
    expect([...p.storage].map((v) => v.toFixed(2))).toEqual(["0.80", "1.60"]);
    expect(p.requiresGrad).toBe(true);
    expect(p.gradFn).toBe(null);
    expect(() => {
      p.data = tensor([1, 2, 3]).float();
    }).toThrow(/same shape and dtype/);
  });
  test("noGrad records nothing", () => {
    const p = zeros([2], { requiresGrad: true });
    expect(noGrad(() => p.mul(2)).requiresGrad).toBe(false);
  });
  test("backward of a chain of 20,000 ops does not overflow the stack", () => {
    const p = tensor([1]).float().requiresGrad_();
    let x = p;
    for (let i = 0; i < 20_000; i++) x = x.add(0);
    x.sum().backward();
    expect(p.grad!.item()).toBe(1);
  });
  test("a tensor used twice gets both gradients, and a failed backward leaves nothing half-done", () => {
    const p = tensor([3]).float().requiresGrad_();
    const shared = p.mul(2);
    shared.mul(shared).add(shared).sum().backward(); // d/dp of (2p)² + 2p = 8p + 2
    expect(p.grad!.item()).toBe(26);
    p.grad = null;
    const broken = p.mul(5);
    broken.gradFn = {
      name: "BrokenBackward",
      inputs: [p],
      backward: () => {
        throw new Error("broken");
      },
    };
    expect(() => broken.add(p).sum().backward()).toThrow("broken");
    expect(isGradEnabled()).toBe(true);
    p.grad = null;
    p.mul(4).sum().backward();
    expect(p.grad!.item()).toBe(4);
  });
});

describe("each leaf's gradient is its own tensor", () => {
  const f32 = (xs: number[]) => tensor(xs, { dtype: "float32", requiresGrad: true });
  test("add's two inputs get two gradients: zeroing one leaves the other", () => {
    const a = f32([1, 2]);
    const b = f32([3, 4]);
    a.add(b).sum().backward();
    expect(a.grad).not.toBe(b.grad);
    expect(a.grad!.storage).not.toBe(b.grad!.storage);
    a.grad!.zero_();
    expect(b.grad!.tolist()).toEqual([1, 1]);
  });
  test("sub, a view and a tensor added to itself share nothing either", () => {
    const c = zeros([2, 2], { requiresGrad: true });
    const d = zeros([4], { requiresGrad: true });
    const e = zeros([4], { requiresGrad: true });
    c.view(-1).sub(d).add(e).sum().backward();
    const storages = new Set([c.grad!.storage, d.grad!.storage, e.grad!.storage]);
    expect(storages.size).toBe(3);
    expect([c.grad!.tolist(), d.grad!.tolist(), e.grad!.tolist()]).toEqual([
      [
        [1, 1],
        [1, 1],
      ],
      [-1, -1, -1, -1],
      [1, 1, 1, 1],
    ]);
    const x = f32([1, 2]);
    const twice = x.add(x);
    twice.add(twice).sum().backward();
    expect(x.grad!.tolist()).toEqual([4, 4]);
  });
  test("backward(g) keeps a copy of g, never g itself, in g's shape and the tensor's dtype", () => {
    const p = f32([1, 2]);
    const g = tensor([0.5, 0.25], { dtype: "float64" });
    p.backward(g);
    expect(p.grad).not.toBe(g);
    expect(p.grad!.dtype).toBe("float32");
    g.fill_(9);
    expect(p.grad!.tolist()).toEqual([0.5, 0.25]);
    const q = f32([1, 2]);
    const r = f32([1, 2]);
    const h = tensor([1, 2], { dtype: "float32" });
    q.add(r).backward(h);
    h.zero_();
    q.grad!.mul_(10);
    expect([q.grad!.tolist(), r.grad!.tolist()]).toEqual([
      [10, 20],
      [1, 2],
    ]);
    expect(() => q.mul(2).backward(tensor([1, 2, 3]).float())).toThrow(
      "backward(gradient) needs a gradient of this tensor's shape [2], not [3].",
    );
  });
  test("a second backward adds into the same .grad tensor, in place", () => {
    const w = f32([2, -1]);
    w.mul(3).sum().backward();
    const first = w.grad!;
    w.mul(w).sum().backward();
    expect(w.grad).toBe(first);
    expect(first.tolist()).toEqual([3 + 4, 3 - 2]);
  });
});

describe("in-place changes autograd would not see are errors, in grad mode", () => {
  const leafOf = () => tensor([0.5, -1], { dtype: "float64", requiresGrad: true });
  test("on a tensor autograd recorded: it says why, and to write h = h.add(1)", () => {
    const x = leafOf();
    const h = x.tanh();
    expect(() => h.add_(1)).toThrow(
      "add_() would change a tensor that autograd recorded (grad_fn=<TanhBackward0>), so backward() would read the changed values and give wrong gradients: make a new tensor instead, h = h.add(...) rather than h.add_(...).",
    );
    let y = x.mul(1.5);
    expect(() => y.mul_(2)).toThrow(/grad_fn=<MulBackward0>.*h = h\.mul\(\.\.\.\)/);
    y = y.mul(2);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3]);
    for (const change of [() => h.sub_(1), () => h.div_(2), () => h.fill_(0), () => h.zero_()])
      expect(change).toThrow(/autograd recorded/);
    expect(() => h.set(1, 0)).toThrow(/set\(\) would change a tensor that autograd recorded/);
  });
  test("fill_, zero_ and set on a leaf that requires grad, as PyTorch refuses them", () => {
    const p = leafOf();
    for (const change of [() => p.fill_(1), () => p.zero_(), () => p.set(1, 0), () => p.mul_(2)])
      expect(change).toThrow(
        /a leaf Variable that requires grad is being used in an in-place operation.*p\.data/,
      );
    expect(p.tolist()).toEqual([0.5, -1]);
  });
  test("through .data, inside noGrad, and on gradients (which need none) they still work", () => {
    const p = leafOf();
    p.data.fill_(2);
    p.data.set(3, 1);
    noGrad(() => p.add_(1));
    noGrad(() => p.set(5, 0));
    expect(p.tolist()).toEqual([5, 4]);
    p.mul(p).sum().backward();
    p.grad!.zero_();
    expect(p.grad!.tolist()).toEqual([0, 0]);
    const h = p.tanh();
    noGrad(() => h.mul_(2));
    h.data.zero_();
    const counts = zeros([2, 2], { dtype: "int32" });
    counts.set(counts.get(0, 1) + 1, 0, 1);
    expect(counts.tolist()).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });
});

describe("scope() and the zero-grad step", () => {
  test("a .grad left over from an earlier scope is named, with the fix, before anything changes", () => {
    const g = new Generator().manualSeed(5);
    const W = randn([3, 2], { generator: g, requiresGrad: true });
    const x = randn([4, 3], { generator: g });
    const step = (zeroGrad: boolean) =>
      scope(() => {
        const loss = x.matmul(W).tanh().sum();
        if (zeroGrad) W.grad = null;
        loss.backward();
        W.data.add_(W.grad!.mul(-0.1));
        return loss.item();
      });
    step(true);
    const before = W.tolist();
    expect(() => step(false)).toThrow(
      "A parameter's .grad is left over from an earlier step, made inside a scope() that has ended (its memory is gone), and this backward() would add to it: set p.grad = null for every parameter before loss.backward(), as the lecture does each step.",
    );
    expect(W.tolist()).toEqual(before);
    step(true);
    // Two backward() calls in one scope still accumulate, as they should.
    const [once, twice] = [1, 2].map((calls) =>
      scope(() => {
        W.grad = null;
        for (let c = 0; c < calls; c++) x.matmul(W).sum().backward();
        return W.grad!.mul(1);
      }),
    );
    expect(twice.tolist()).toEqual(once!.mul(2).tolist());
  });
});

describe("retainGrad() on a non-leaf tensor", () => {
  test("keeps its gradient as PyTorch's retain_grad() does, the leaves' unchanged", () => {
    const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
    const h = x.mul(3).retainGrad();
    h.mul(h).sum().backward();
    expect(String(h.grad)).toBe("tensor([ 6., 12.])");
    expect(String(x.grad)).toBe("tensor([18., 36.])");
    // A second pass adds to it, as to a leaf's.
    h.sum().backward();
    expect(String(h.grad)).toBe("tensor([ 7., 13.])");
    expect(x.mul(2).grad).toBe(null);
  });
});
