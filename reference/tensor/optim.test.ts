/**
 * optim: SGD and AdamW stepped against the numbers PyTorch 1.13 prints for the same steps
 * (the snippets are beside them), and a lecture-style training loop through nn.
 */
import { describe, expect, test } from "vitest";
import { crossEntropy, Generator, nn, optim, type Tensor, tensor } from "./index.ts";

function expectClose(actual: Tensor, expected: number[], tolerance = 1e-6): void {
  const values = Array.from(actual.storage.subarray(0, actual.numel()));
  expect(values.length).toBe(expected.length);
  values.forEach((v, i) => {
    expect(Math.abs(v - expected[i]!), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThan(
      tolerance,
    );
  });
}

describe("optim, against PyTorch 1.13", () => {
  const start = [1.0, -2.0, 0.5];
  test("SGD with weight decay", () => {
    // q = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    // opt = torch.optim.SGD([q], lr=0.1, weight_decay=0.01)
    // twice: opt.zero_grad(); (q ** 2).sum().backward(); opt.step()
    const q = tensor(start, { dtype: "float32", requiresGrad: true });
    const opt = new optim.SGD([q], { lr: 0.1, weightDecay: 0.01 });
    for (let i = 0; i < 2; i++) {
      opt.zeroGrad();
      q.pow(2).sum().backward();
      opt.step();
    }
    expectClose(q, [0.6384010314941406, -1.2768020629882812, 0.3192005157470703]);
  });

  test("AdamW with PyTorch's defaults", () => {
    // p = torch.tensor([1.0, -2.0, 0.5], requires_grad=True); opt = torch.optim.AdamW([p])
    // three times: opt.zero_grad(); (p ** 2).sum().backward(); opt.step()
    const p = tensor(start, { dtype: "float32", requiresGrad: true });
    const opt = new optim.AdamW([p]);
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      p.pow(2).sum().backward();
      opt.step();
    }
    expectClose(p, [0.9969700574874878, -1.996940016746521, 0.49698519706726074], 1e-7);
  });

  test("AdamW with every option set, and a parameter without a gradient left alone", () => {
    // p = torch.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
    // q = torch.tensor([4.0], requires_grad=True)
    // opt = torch.optim.AdamW([p, q], lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)
    // twice: opt.zero_grad(); (p**3).sum().backward(); opt.step()
    const p = tensor(
      [
        [1.0, -2.0],
        [0.5, 3.0],
      ],
      { dtype: "float32", requiresGrad: true },
    );
    const q = tensor([4.0], { dtype: "float32", requiresGrad: true });
    const opt = new optim.AdamW([p, q], {
      lr: 0.01,
      betas: [0.8, 0.99],
      eps: 1e-6,
      weightDecay: 0.1,
    });
    for (let i = 0; i < 2; i++) {
      opt.zeroGrad();
      p.pow(3).sum().backward();
      opt.step();
    }
    expectClose(
      p,
      [0.9780234098434448, -2.015996217727661, 0.47903528809547424, 2.974017858505249],
    );
    expect(q.tolist()).toEqual([4]);
  });

  test("an optimiser with no parameters is one sentence", () => {
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow(/no parameters/);
  });
});

test("a training loop as the lectures write it: zero_grad, backward, step; the loss falls", () => {
  const g = new Generator().manualSeed(2147483647);
  const model = new nn.Sequential([
    new nn.Embedding(27, 8, { generator: g }),
    new nn.FlattenConsecutive(2),
    new nn.Linear(16, 32, { bias: false, generator: g }),
    new nn.BatchNorm1d(32),
    new nn.Tanh(),
    new nn.FlattenConsecutive(2),
    new nn.Linear(64, 27, { generator: g }),
  ]);
  const X = tensor(Array.from({ length: 64 }, (_, i) => (i * 7) % 27)).view(16, 4);
  const Y = tensor(Array.from({ length: 16 }, (_, i) => (i * 5) % 27));
  for (const opt of [
    new optim.SGD(model.parameters(), { lr: 0.1 }),
    new optim.AdamW(model.parameters(), { lr: 1e-2 }),
  ]) {
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const loss = crossEntropy(model.forward(X), Y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
  }
});
