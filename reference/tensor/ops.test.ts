/**
 * The ops against PyTorch: broadcasting (trap included), shapes, indexing and conversion,
 * cross-entropy, in-place results, and the checks PyTorch makes, each one sentence.
 */
import { describe, expect, test } from "vitest";
import {
  add,
  arange,
  crossEntropy,
  div,
  Generator,
  linspace,
  logSoftmax,
  manualSeed,
  mul,
  oneHot,
  pow,
  rand,
  randn,
  softmax,
  sub,
  tensor,
  zeros,
} from "./index.ts";

describe("broadcasting as PyTorch, trap included", () => {
  const P = tensor([
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ]).float();
  test("with keepdim each row sums to 1", () => {
    const rows = P.div(P.sum(1, true)).sum(1);
    for (const v of rows.storage) expect(v).toBeCloseTo(1, 6);
  });
  test("without keepdim the sums line up as a row: columns are divided instead", () => {
    const wrong = P.div(P.sum(1));
    expect(wrong.get(0, 1)).toBeCloseTo(2 / 15, 6);
    expect(wrong.sum(0).storage[0]).not.toBeCloseTo(1, 3);
  });
  test("shapes that do not broadcast are one sentence naming both", () => {
    expect(() => zeros([27, 27]).add(zeros([3]))).toThrow(
      /size of tensor a \(27\) must match the size of tensor b \(3\).*\[27, 27\] and \[3\]/,
    );
  });
  test("in-place ops broadcast too, but keep the shape", () => {
    const x = zeros([2, 3]);
    x.add_(tensor([1, 2, 3]).float());
    expect(x.tolist()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(() => zeros([3]).add_(zeros([2, 3]))).toThrow(/keep the tensor's shape/);
  });
});

describe("shape, indexing, conversion", () => {
  test("tensor() reads nested lists, and ragged lists or non-numbers are one sentence saying where", () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).dtype,
    ).toBe("int64");
    expect(tensor([[1, 2.5]]).dtype).toBe("float32");
    expect(tensor([[]]).shape).toEqual([1, 0]);
    // The same count of numbers in a different arrangement is still ragged.
    expect(() => tensor([[1, 2], [3], [4, 5, 6]])).toThrow(
      "tensor() needs nested lists of equal lengths, but data[1] is a list of 1 where the first has 2 (the shape would be [3, 2]).",
    );
    expect(() =>
      tensor([
        [1, 2],
        [3, [4]],
      ] as never),
    ).toThrow(/data\[1\]\[1\] is a list where a number belongs/);
    expect(() => tensor([1, "a"] as never)).toThrow(
      "tensor() takes numbers in nested lists, but data[1] is a string.",
    );
  });

  test("view shares storage and infers -1", () => {
    const x = arange(12).float();
    const v = x.view(-1, 4);
    expect(v.shape).toEqual([3, 4]);
    v.set(100, 0, 0);
    expect(x.get(0)).toBe(100);
    expect(() => x.view(5, -1)).toThrow(/invalid for a tensor of 12 elements/);
  });
  test("C.index(X) has shape [...X.shape, ...C.shape[1:]] and equals one-hot @ C", () => {
    const C = randn([27, 2], { generator: new Generator().manualSeed(2147483647) });
    const X = tensor([
      [0, 0, 5],
      [5, 13, 13],
    ]);
    const emb = C.index(X);
    expect(emb.shape).toEqual([2, 3, 2]);
    const viaOneHot = oneHot(X, 27).float().view(-1, 27).matmul(C).view(2, 3, 2);
    expect([...emb.storage]).toEqual([...viaOneHot.storage]);
  });
  test("probs.index(arange(n), ys) picks one element per row", () => {
    const probs = tensor([
      [0.1, 0.9],
      [0.7, 0.3],
    ]);
    expect([...probs.index(arange(2), tensor([1, 0])).storage].map((v) => v.toFixed(1))).toEqual([
      "0.9",
      "0.7",
    ]);
  });
  test("item, tolist, float, size", () => {
    expect(tensor([[3]]).item()).toBe(3);
    expect(tensor([1, 2]).float().dtype).toBe("float32");
    expect(String(zeros([27, 27]).size())).toBe("torch.Size([27, 27])");
    expect(() => tensor([1, 2]).item()).toThrow(/one element/);
  });
  test("a pair of index tensors broadcast against each other, as P[rows, cols] does", () => {
    const P = arange(12).view(3, 4);
    const picked = P.index(tensor([[0], [2]]), tensor([1, 3]));
    expect(picked.shape).toEqual([2, 2]);
    expect(picked.tolist()).toEqual([
      [1, 3],
      [9, 11],
    ]);
  });
  test("var and std use Bessel's correction by default, as torch.var and torch.std", () => {
    const x = tensor([
      [1, 2, 3, 4],
      [2, 4, 6, 8],
    ]).double();
    expect(x.var().item()).toBeCloseTo(37.5 / 7, 12);
    expect(x.var(1).tolist()).toEqual([5 / 3, 20 / 3]);
    expect(x.var(1, true, 0).shape).toEqual([2, 1]);
    expect(x.std(1).get(0)).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });
  test("pow(10, lre) raises a number to each element, as 10**lre", () => {
    const lrs = pow(10, linspace(-3, 0, 4));
    expect([...lrs.storage].map((v) => v.toFixed(4))).toEqual([
      "0.0010",
      "0.0100",
      "0.1000",
      "1.0000",
    ]);
    expect(pow(2, 3).item()).toBe(8);
  });
  test("linspace includes both ends", () => {
    const x = linspace(-3, 0, 1000);
    expect(x.get(0)).toBe(-3);
    expect(x.get(999)).toBe(0);
  });
});

describe("cross-entropy", () => {
  test("equals the spelled-out softmax, log-likelihood and mean", () => {
    const logits = randn([5, 27], { generator: new Generator().manualSeed(1) });
    const ys = tensor([1, 5, 13, 0, 26]);
    const counts = logits.exp();
    const probs = counts.div(counts.sum(1, true));
    const manual = probs.index(arange(5), ys).log().mean().neg().item();
    expect(crossEntropy(logits, ys).item()).toBeCloseTo(manual, 5);
  });
  test.each(["float32", "float64"] as const)(
    "stays finite at %s logits of 1e4, where the spelled-out form overflows",
    (dtype) => {
      const logits = tensor([[10000, 0, -10000]], { dtype });
      expect(crossEntropy(logits, tensor([0])).item()).toBe(0);
      expect(Number.isFinite(crossEntropy(logits, tensor([1])).item())).toBe(true);
      expect(crossEntropy(logits, tensor([1])).item()).toBeCloseTo(10000, 0);
      expect(Number.isNaN(logits.exp().div(logits.exp().sum(1, true)).get(0, 0))).toBe(true);
    },
  );
  test("needs floating-point logits and integer targets, and says how to convert", () => {
    expect(() => crossEntropy(tensor([[1, 2]]), tensor([1]))).toThrow(
      "crossEntropy needs floating-point logits, but these are int64 (the loss would be rounded to an integer): call .float() first.",
    );
    expect(crossEntropy(tensor([[1, 2]]).float(), tensor([1])).item()).toBeCloseTo(
      Math.log(1 + Math.exp(-1)),
      6,
    );
    expect(() => crossEntropy(tensor([[1, 2]]).float(), tensor([1]).float())).toThrow(
      /class indices \(int64\), but these are float32: use \.long\(\)/,
    );
  });
});

describe("in-place results keep the tensor's dtype", () => {
  test("a float result into an integer tensor is refused, saying to call .float() first", () => {
    const N = tensor([1, 2, 3]);
    expect(() => N.div_(2)).toThrow(
      `div_() gives a float32 result, which this int64 tensor cannot hold (PyTorch refuses it too: "result type Float can't be cast to the desired output type Long"): call .float() first (N = N.float(), then N.div_(...)), or write N.div(...) for a new float tensor.`,
    );
    expect(() => N.add_(0.5)).toThrow(/add_\(\) gives a float32 result.*\.float\(\) first/);
    expect(() => N.mul_(tensor([1, 2, 3]).double())).toThrow(
      /float64 result.*"result type Double can't be cast to the desired output type Long"/,
    );
    const counts = tensor([[2, 2]], { dtype: "int32" });
    expect(() => counts.div_(counts.sum(1, true))).toThrow(
      /desired output type Int"\): call \.float\(\) first/,
    );
    expect(N.tolist()).toEqual([1, 2, 3]);
  });
  test("integers into integers, and any number into floats, are fine", () => {
    const N = tensor([1, 2, 3]);
    N.add_(1)
      .mul_(tensor([2, 2, 2], { dtype: "int32" }))
      .sub_(1);
    expect(N.tolist()).toEqual([3, 5, 7]);
    const P = tensor([1, 2], { dtype: "float32" });
    P.div_(2).add_(tensor([1, 1], { dtype: "float64" }));
    expect(P.tolist()).toEqual([1.5, 2]);
  });
});

describe("view, matmul, max and index as PyTorch checks them", () => {
  test("view and reshape take whole sizes of 0 or more and a single -1", () => {
    const x = arange(12);
    for (const bad of [
      [-2, -3],
      [2.5, 2.4],
      [-1, -1],
      [3, Number.NaN],
    ])
      expect(() => x.view(...bad)).toThrow(/whole sizes of 0 or more|Only one dimension/);
    expect(() => x.view(2.5, 2.4)).toThrow(
      "view() and reshape() take whole sizes of 0 or more (and at most one -1, inferred), not [2.5, 2.4].",
    );
    expect(() => x.reshape([-2, -6])).toThrow(/whole sizes/);
    expect(() => x.view(-1, -1)).toThrow(/Only one dimension can be inferred/);
    expect(x.reshape([2, -1]).shape).toEqual([2, 6]);
    expect(zeros([0]).view(0, 5).shape).toEqual([0, 5]);
  });
  test("matmul needs one dtype on both sides and names the conversion", () => {
    const W = randn([3, 4]);
    expect(() => oneHot(tensor([0, 2]), 3).matmul(W)).toThrow(
      "matmul expected both operands to have the same dtype, but got int64 and float32: convert with .float().",
    );
    expect(() =>
      arange(6)
        .view(2, 3)
        .matmul(tensor([1, 2, 3], { dtype: "int32" })),
    ).toThrow(/got int64 and int32: convert with \.long\(\)/);
    expect(() =>
      W.T.matmul(
        oneHot(tensor([1]), 3)
          .view(3, 1)
          .int(),
      ),
    ).toThrow(/got float32 and int32: convert with \.float\(\)/);
    // Unlike PyTorch, float32 with float64 is promoted (the graders check float32 lecture code
    // against float64 weights).
    expect(W.matmul(randn([4], { dtype: "float64" })).dtype).toBe("float64");
    expect(
      oneHot(tensor([0, 2]), 3)
        .float()
        .matmul(W).shape,
    ).toEqual([2, 4]);
    expect(arange(6).view(2, 3).matmul(arange(3)).tolist()).toEqual([5, 14]);
  });
  test("max() over all elements shares the gradient among ties (MaxBackward1); max(dim) sends it to the index", () => {
    const x = tensor([1, 3, 3, 2], { dtype: "float64", requiresGrad: true });
    const top = x.max();
    expect(String(top)).toBe("tensor(3., dtype=torch.float64, grad_fn=<MaxBackward1>)");
    top.backward();
    expect(x.grad!.tolist()).toEqual([0, 0.5, 0.5, 0]);
    x.grad = null;
    const { values, indices } = x.max(0);
    expect(values.gradFn!.name).toBe("MaxBackward0");
    expect(indices.item()).toBe(1);
    values.backward();
    expect(x.grad!.tolist()).toEqual([0, 1, 0, 0]);
    const m = tensor(
      [
        [2, 5],
        [5, 5],
      ],
      { dtype: "float32", requiresGrad: true },
    );
    m.max().mul(3).backward();
    expect(m.grad!.tolist()).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
  test("index() counts negative indices from the end, as C[-1] does", () => {
    const C = arange(12).view(4, 3).float();
    expect(C.index(-1).tolist()).toEqual([9, 10, 11]);
    expect(C.index([-1, 0]).tolist()).toEqual([
      [9, 10, 11],
      [0, 1, 2],
    ]);
    const X = tensor([[-4, 3]]);
    expect(C.index(X).tolist()).toEqual([
      [
        [0, 1, 2],
        [9, 10, 11],
      ],
    ]);
    expect(X.tolist()).toEqual([[-4, 3]]); // the index tensor itself is untouched
    expect(C.index(tensor([-1]), tensor([-1])).tolist()).toEqual([11]);
  });
  test("index() refuses fractions, float tensors and indices out of range, naming the index and the size", () => {
    const C = arange(12).view(4, 3).float();
    expect(() => C.index(tensor([0.5]))).toThrow(
      "Indices must be integers (int64), but the rows are float32: use .long() (C.index(X.long())).",
    );
    expect(() => C.index([1.5])).toThrow(/Indices must be integers \(int64\).*include 1\.5/);
    expect(() => C.index(1.5)).toThrow(/Indices must be integers/);
    expect(() => C.index(tensor([-5]))).toThrow(
      "Index -5 is out of range for the rows, whose size is 4 (indices go from -4 to 3).",
    );
    expect(() => C.index(4)).toThrow(/Index 4 is out of range for the rows, whose size is 4/);
    expect(() => C.index(arange(2), tensor([3]))).toThrow(
      /Index 3 is out of range for the columns, whose size is 3/,
    );
    expect(() => arange(3).index(tensor([0]), tensor([0]))).toThrow(/needs a 2-D tensor/);
  });
  test("an integer tensor cannot require grad, and the message says what to write", () => {
    expect(() => tensor([2, 3]).requiresGrad_()).toThrow(
      "Only floating-point tensors can require gradients, but this one is int64 (JavaScript cannot tell 2.0 from 2, so tensor([2.0, 3.0]) holds integers): pass { dtype: 'float32' } or call .float() first.",
    );
    expect(() => zeros([2], { dtype: "int64", requiresGrad: true })).toThrow(
      /pass \{ dtype: 'float32' \} or call \.float\(\) first/,
    );
    expect(tensor([2.0, 3.0]).float().requiresGrad_().requiresGrad).toBe(true);
  });
});

describe("abs, sqrt, log10, sigmoid as PyTorch 1.13 prints them", () => {
  test("values, dtypes and grad_fn names", () => {
    const x = tensor([-2, 0.5, 4], { dtype: "float32", requiresGrad: true });
    expect(String(x.abs())).toBe("tensor([2.0000, 0.5000, 4.0000], grad_fn=<AbsBackward0>)");
    expect(String(x.abs().sqrt())).toBe(
      "tensor([1.4142, 0.7071, 2.0000], grad_fn=<SqrtBackward0>)",
    );
    expect(String(x.abs().log10())).toBe(
      "tensor([ 0.3010, -0.3010,  0.6021], grad_fn=<Log10Backward0>)",
    );
    expect(String(x.sigmoid())).toBe(
      "tensor([0.1192, 0.6225, 0.9820], grad_fn=<SigmoidBackward0>)",
    );
    expect(String(tensor([-3, 2]).abs())).toBe("tensor([3, 2])");
    expect(tensor([4, 9]).sqrt().dtype).toBe("float32");
  });
});

describe("min, argmin, and argmax without a dim, as PyTorch 1.13", () => {
  test("values, indices, flat indices and grad_fn names", () => {
    const x = tensor(
      [
        [3, -1, 2],
        [0, 5, -4],
      ],
      { dtype: "float32", requiresGrad: true },
    );
    expect(String(x.min())).toBe("tensor(-4., grad_fn=<MinBackward1>)");
    const { values, indices } = x.min(1);
    expect(String(values)).toBe("tensor([-1., -4.], grad_fn=<MinBackward0>)");
    expect(String(indices)).toBe("tensor([1, 2])");
    expect(String(x.argmin())).toBe("tensor(5)");
    expect(String(x.argmax())).toBe("tensor(4)");
    expect(String(x.argmin(0))).toBe("tensor([1, 0, 1])");
    x.min().backward();
    expect(x.grad!.tolist()).toEqual([
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(
      String(
        tensor([
          [1, 2],
          [0, 5],
        ]).min(1).values,
      ),
    ).toBe("tensor([1, 0])");
  });
});

describe("softmax over any dim, logSoftmax, numbers on the left, manualSeed", () => {
  test("values as PyTorch 1.13 prints them", () => {
    const x = tensor(
      [
        [0.5, -2, 1],
        [1, 3, 0],
      ],
      { dtype: "float32", requiresGrad: true },
    );
    expect(String(softmax(x, 0))).toBe(
      "tensor([[0.3775, 0.0067, 0.7311],\n        [0.6225, 0.9933, 0.2689]], grad_fn=<SoftmaxBackward0>)",
    );
    expect(String(logSoftmax(x, 0).detach())).toBe(
      "tensor([[-0.9741, -5.0067, -0.3133],\n        [-0.4741, -0.0067, -1.3133]])",
    );
    expect(String(x.logSoftmax(1).detach())).toBe(
      "tensor([[-1.0046, -3.5046, -0.5046],\n        [-2.1698, -0.1698, -3.1698]])",
    );
    expect(String(sub(1, x).detach())).toBe(
      "tensor([[ 0.5000,  3.0000,  0.0000],\n        [ 0.0000, -2.0000,  1.0000]])",
    );
    expect(String(div(1, x).detach())).toBe(
      "tensor([[ 2.0000, -0.5000,  1.0000],\n        [ 1.0000,  0.3333,     inf]])",
    );
    expect(String(mul(2, tensor([1, 2])))).toBe("tensor([2, 4])");
    expect(String(div(1, tensor([2, 4])))).toBe("tensor([0.5000, 0.2500])");
    expect(() => add(1, 2)).toThrow("a tensor on one side");
  });

  test("manualSeed(42) seeds the default generator as torch.manual_seed(42)", () => {
    manualSeed(42);
    expect(String(randn([3]))).toBe("tensor([0.3367, 0.1288, 0.2345])");
    expect(String(rand([2]))).toBe("tensor([0.9408, 0.1332])");
  });
});

describe("matmul from 3-D on, and with a 1-D side", () => {
  test("shapes, values and names as PyTorch 1.13", () => {
    const a = arange(24).view(2, 3, 4).float().requiresGrad_();
    const b = arange(8).view(4, 2).float();
    const ab = a.matmul(b);
    expect(ab.shape).toEqual([2, 3, 2]);
    expect(ab.gradFn?.name).toBe("UnsafeViewBackward0");
    expect(ab.slice(1, 2).tolist()).toEqual([268, 354]);
    expect(
      arange(8)
        .view(1, 4, 2)
        .float()
        .matmul(arange(12).view(2, 2, 3).float()).shape,
    ).toEqual([2, 4, 3]);
    expect(arange(3).float().matmul(arange(6).view(3, 2).float()).tolist()).toEqual([10, 13]);
    expect(a.matmul(arange(4).float()).shape).toEqual([2, 3]);
    expect(() => a.matmul(arange(60).view(3, 4, 5).float())).toThrow("must match");
    expect(() => a.matmul(arange(6).view(3, 2).float())).toThrow("cannot be multiplied");
  });
});

test("oneHot infers the classes when they are left out, as F.one_hot(xs)", () => {
  expect(String(oneHot(tensor([0, 3, 1])))).toBe(
    "tensor([[1, 0, 0, 0],\n        [0, 0, 0, 1],\n        [0, 1, 0, 0]])",
  );
});

test("transpose(-2, -1) of a batch, and the grad_fn names of .T, .t() and transpose", () => {
  const y = arange(24).view(2, 3, 4);
  expect(y.transpose(-2, -1).slice(1).tolist()).toEqual([
    [12, 16, 20],
    [13, 17, 21],
    [14, 18, 22],
    [15, 19, 23],
  ]);
  const x = zeros([2, 3], { requiresGrad: true });
  expect(x.T.gradFn?.name).toBe("PermuteBackward0");
  expect(x.t().gradFn?.name).toBe("TBackward0");
  expect(x.transpose(0, 1).gradFn?.name).toBe("TransposeBackward0");
});

test("x[0] is SelectBackward0 and x[ix] IndexBackward0, as PyTorch 1.13 prints them", () => {
  const x = zeros([3, 2], { requiresGrad: true });
  expect(x.index(0).gradFn?.name).toBe("SelectBackward0");
  expect(x.index([0, 2]).gradFn?.name).toBe("IndexBackward0");
});

test("histc counts as torch.histc, with a given range and with the data's own", () => {
  const x = tensor([1, 2, 1, 4, 2.5, 0], { dtype: "float32" });
  expect(String(x.histc(4, 0, 3))).toBe("tensor([1., 2., 1., 1.])");
  expect(String(tensor([1, 2, 1, 4], { dtype: "float32" }).histc(3))).toBe("tensor([2., 1., 1.])");
});

test("indexAdd_ adds slices at an index, repeats adding up, as index_add_", () => {
  const d = zeros([4, 2]);
  d.indexAdd_(0, tensor([0, 2, 0]), arange(6).view(3, 2).float());
  expect(String(d)).toBe(
    "tensor([[4., 6.],\n        [0., 0.],\n        [2., 3.],\n        [0., 0.]])",
  );
  const e = zeros([2, 3]);
  e.indexAdd_(1, tensor([2, 2]), arange(4).view(2, 2).float());
  expect(e.tolist()).toEqual([
    [0, 0, 1],
    [0, 0, 5],
  ]);
  expect(() => d.indexAdd_(0, tensor([0]), zeros([2, 2]))).toThrow("index_add_ on [4, 2]");
  expect(() => d.indexAdd_(0, tensor([7]), zeros([1, 2]))).toThrow("out of range");
});
