/** Slicing and joining against PyTorch 1.13's values, shapes, grad_fn names and errors. */
import { describe, expect, test } from "vitest";
import { arange, cat, stack, tensor, unbind } from "./index.ts";

const t = () => arange(12).view(3, 4).float().requiresGrad_();

describe("slice reads like t[...]", () => {
  test.each([
    [[":", 0], [0, 4, 8], [3], "SelectBackward0"],
    [[-1], [8, 9, 10, 11], [4], "SelectBackward0"],
    [[0, ":"], [0, 1, 2, 3], [4], "SliceBackward0"],
    [["1:", 0], [4, 8], [2], "SelectBackward0"],
    [["::2", "1:3"], [1, 2, 9, 10], [2, 2], "SliceBackward0"],
    [[":", ":-1"], [0, 1, 2, 4, 5, 6, 8, 9, 10], [3, 3], "SliceBackward0"],
    [["10:"], [], [0, 4], "SliceBackward0"],
    [["-2:", "::3"], [4, 7, 8, 11], [2, 2], "SliceBackward0"],
  ] as const)("t[%j]", (indices, values, shape, name) => {
    const s = t().slice(...indices);
    expect(Array.from(s.storage)).toEqual(values);
    expect(s.shape).toEqual(shape);
    expect(s.gradFn?.name).toBe(name);
  });

  test("emb[:, 0, :] on a 3-D tensor, and its gradient lands where it was read", () => {
    const emb = arange(24).view(2, 3, 4).float().requiresGrad_();
    const row = emb.slice(":", 0, ":");
    expect(row.tolist()).toEqual([
      [0, 1, 2, 3],
      [12, 13, 14, 15],
    ]);
    row.sum().backward();
    expect(emb.grad!.slice(":", 0).sum().item()).toBe(8);
    expect(emb.grad!.sum().item()).toBe(8);
  });

  test("misuse is one sentence, in PyTorch's words", () => {
    expect(() => t().slice(5)).toThrow("index 5 is out of bounds for dimension 0 with size 3");
    expect(() => t().slice(0, 0, 0)).toThrow("too many indices for tensor of dimension 2");
    expect(() => t().slice("::-1")).toThrow("step must be greater than zero");
    expect(() => t().slice("a:")).toThrow("is not a slice");
    expect(() => t().slice(0.5)).toThrow("Indices must be integers");
  });
});

describe("squeeze, unsqueeze, clone, nelement", () => {
  test("shapes and names as in PyTorch; squeeze and unsqueeze share storage, clone does not", () => {
    const x = t();
    const u = x.unsqueeze(0);
    expect(u.shape).toEqual([1, 3, 4]);
    expect(x.unsqueeze(-1).shape).toEqual([3, 4, 1]);
    expect(u.gradFn?.name).toBe("UnsqueezeBackward0");
    expect(u.storage).toBe(x.storage);
    expect(u.squeeze().shape).toEqual([3, 4]);
    expect(u.squeeze().gradFn?.name).toBe("SqueezeBackward0");
    expect(u.squeeze(0).gradFn?.name).toBe("SqueezeBackward1");
    expect(x.unsqueeze(1).unsqueeze(3).squeeze(1).shape).toEqual([3, 4, 1]);
    expect(x.squeeze(0).shape).toEqual([3, 4]);
    const c = x.clone();
    expect(c.gradFn?.name).toBe("CloneBackward0");
    expect(c.storage).not.toBe(x.storage);
    expect(c.tolist()).toEqual(x.tolist());
    expect(x.nelement()).toBe(12);
  });
});

describe("cat, stack, unbind", () => {
  test("cat along a dim", () => {
    const x = t();
    const joined = cat([x, x.slice(":", ":1")], 1);
    expect(joined.shape).toEqual([3, 5]);
    expect(joined.slice(":", 4).tolist()).toEqual([0, 4, 8]);
    expect(joined.gradFn?.name).toBe("CatBackward0");
    expect(cat([x, x]).shape).toEqual([6, 4]);
  });

  test("stack along a new dim, unbind back", () => {
    const x = t();
    const s = stack([x, x], 1);
    expect(s.shape).toEqual([3, 2, 4]);
    expect(s.gradFn?.name).toBe("StackBackward0");
    const parts = unbind(x, 1);
    expect(parts.length).toBe(4);
    expect(parts[1]!.tolist()).toEqual([1, 5, 9]);
    expect(parts[1]!.gradFn?.name).toBe("UnbindBackward0");
    expect(stack(parts, 1).tolist()).toEqual(x.tolist());
    expect(x.unbind().length).toBe(3);
  });

  test("torch.cat(torch.unbind(emb, 1), 1) is emb.view(-1, 30), as the lecture says", () => {
    const emb = arange(32 * 3 * 10)
      .view(32, 3, 10)
      .float();
    expect(cat(unbind(emb, 1), 1).tolist()).toEqual(emb.view(-1, 30).tolist());
  });

  test("misuse is one sentence", () => {
    expect(() => cat([t(), arange(6).view(2, 3).float()])).toThrow(
      "Sizes of tensors must match except in dimension 0",
    );
    expect(() => stack([t(), arange(6).view(2, 3).float()])).toThrow(
      "stack expects each tensor to be equal size, but got [3, 4] at entry 0 and [2, 3] at entry 1",
    );
    expect(() => cat([])).toThrow("at least one tensor");
    expect(() => cat([tensor(1), tensor(2)])).toThrow("zero-dimensional");
    expect(() => cat([t(), t().double()])).toThrow("mixes float32 and float64");
  });
});

describe("set() with slices is item assignment, x[...] = value", () => {
  test("xbow[b, t] = xprev.mean(0): a row written, the rest untouched", () => {
    const xbow = arange(12).view(2, 3, 2).float();
    xbow.set(tensor([-1, -2]), 1, 0);
    expect(xbow.tolist()).toEqual([
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      [
        [-1, -2],
        [8, 9],
        [10, 11],
      ],
    ]);
  });

  test("x[:, 1:] = 0, a number broadcast; x[:, 0] = row, a tensor broadcast over a range", () => {
    const x = arange(6).view(2, 3).float();
    x.set(0, ":", "1:");
    expect(x.tolist()).toEqual([
      [0, 0, 0],
      [3, 0, 0],
    ]);
    x.set(tensor([7]), "::", 2);
    expect(x.tolist()).toEqual([
      [0, 0, 7],
      [3, 0, 7],
    ]);
    x.set(5, 1, 1); // one element, as before
    expect(x.get(1, 1)).toBe(5);
  });

  test("a value that does not fit the slice is refused, as PyTorch refuses it", () => {
    const x = arange(6).view(2, 3).float();
    expect(() => x.set(tensor([1, 2]), ":", 0)).not.toThrow(); // [2] fits x[:, 0]
    expect(() => x.set(tensor([1, 2, 3]), ":", 0)).toThrow();
    expect(() => x.set(tensor([[1], [2]]), 0)).toThrow();
  });

  test("a tensor that requires grad is refused: autograd would not see the write", () => {
    const x = arange(6).view(2, 3).float().requiresGrad_();
    expect(() => x.set(0, ":", 0)).toThrow(/set\(\)/);
  });
});

describe("select and narrow along any dim", () => {
  test("values and grad_fn names as PyTorch 1.13's", () => {
    const e = arange(24).float().view(2, 3, 4).requiresGrad_();
    expect(e.select(1, 0).tolist()).toEqual([
      [0, 1, 2, 3],
      [12, 13, 14, 15],
    ]);
    expect(e.select(-1, -1).tolist()).toEqual([
      [3, 7, 11],
      [15, 19, 23],
    ]);
    expect(e.narrow(2, 1, 2).tolist()).toEqual([
      [
        [1, 2],
        [5, 6],
        [9, 10],
      ],
      [
        [13, 14],
        [17, 18],
        [21, 22],
      ],
    ]);
    expect(e.select(1, 0).gradFn?.name).toBe("SelectBackward0");
    expect(e.narrow(2, 1, 2).gradFn?.name).toBe("SliceBackward0");
    e.narrow(2, 1, 2).sum().backward();
    expect((e.grad!.tolist() as number[][][])[0]![0]).toEqual([0, 1, 1, 0]);
    expect(() => e.narrow(2, 3, 2)).toThrow("start (3) + length (2) exceeds dimension size (4)");
  });
});
