/**
 * nn and optim: each module's forward against values computed by hand or read from PyTorch
 * 1.13 (the snippets that printed them are beside the numbers), gradients through each module
 * against central differences, and the lectures' parameter counts.
 */
import { describe, expect, test } from "vitest";
import { Generator, nn, noGrad, randn, type Tensor, tensor, zeros } from "../index.ts";

const x4x3 = [
  [1.0, -2.0, 0.5],
  [3.0, 0.0, -1.5],
  [-0.5, 4.0, 2.0],
  [2.0, 1.0, 0.25],
];

function expectClose(actual: Tensor, expected: number[], tolerance = 1e-6): void {
  const values = Array.from(actual.storage.subarray(0, actual.numel()));
  expect(values.length).toBe(expected.length);
  values.forEach((v, i) => {
    expect(Math.abs(v - expected[i]!), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThan(
      tolerance,
    );
  });
}

const count = (ps: Tensor[]): number => ps.reduce((n, p) => n + p.numel(), 0);

/** d f / d input against float64 central differences, element by element. */
function gradCheck(f: () => Tensor, inputs: Tensor[], tolerance = 1e-5, h = 1e-6): void {
  for (const x of inputs) x.grad = null;
  f().backward();
  inputs.forEach((x, k) => {
    for (let i = 0; i < x.numel(); i++) {
      const saved = x.storage[i]!;
      x.storage[i] = saved + h;
      const up = noGrad(() => f().item());
      x.storage[i] = saved - h;
      const down = noGrad(() => f().item());
      x.storage[i] = saved;
      const measured = (up - down) / (2 * h);
      const analytic = x.grad ? x.grad.storage[i]! : 0;
      expect(
        Math.abs(analytic - measured),
        `input ${k}, element ${i}: analytic ${analytic}, measured ${measured}`,
      ).toBeLessThanOrEqual(tolerance * (1 + Math.abs(measured)));
    }
  });
}

/** A float64 leaf with varied values, and a fixed float64 weighting to make a scalar loss. */
function leaf(shape: number[], seed: number): Tensor {
  return randn(shape, {
    generator: new Generator().manualSeed(seed),
    dtype: "float64",
  }).requiresGrad_();
}
function weighted(y: Tensor, seed: number): Tensor {
  const w = randn(y.shape, { generator: new Generator().manualSeed(seed), dtype: "float64" });
  return y.mul(w).sum();
}

describe("BatchNorm1d, against PyTorch 1.13", () => {
  // x = torch.tensor(x4x3); bn = torch.nn.BatchNorm1d(3); y = bn(x)
  // print(y.tolist(), bn.running_mean.tolist(), bn.running_var.tolist()); bn.eval(); print(bn(x).tolist())
  const trained = [
    -0.29002004861831665, -1.2701692581176758, 0.15094590187072754, 1.25675368309021,
    -0.34640979766845703, -1.4591436386108398, -1.4501004219055176, 1.5011091232299805,
    1.3585131168365479, 0.48336684703826904, 0.11546993255615234, -0.050315290689468384,
  ];
  const runningMean = [0.13750000298023224, 0.07500000298023224, 0.03125];
  const runningVar = [1.1229166984558105, 1.524999976158142, 1.105729103088379];
  const evaluated = [
    0.8139231204986572, -1.680280327796936, 0.4457741975784302, 2.7012810707092285,
    -0.06073302403092384, -1.4561957120895386, -0.6015953421592712, 3.178361415863037,
    1.8722516298294067, 1.7576020956039429, 0.7490406036376953, 0.20802795886993408,
  ];

  test("(N, C): batch statistics in training, unbiased running variance, running ones in eval", () => {
    const bn = new nn.BatchNorm1d(3);
    const x = tensor(x4x3, { dtype: "float32" });
    expectClose(bn.forward(x), trained);
    expectClose(bn.runningMean, runningMean);
    expectClose(bn.runningVar, runningVar);
    bn.eval();
    expectClose(bn.forward(x), evaluated);
    expectClose(bn.runningMean, runningMean); // eval leaves the buffers alone
    expect(bn.parameters()).toEqual([bn.weight, bn.bias]);
    expect(bn.buffers()).toEqual([bn.runningMean, bn.runningVar]);
  });

  test("(N, L, C) reduces over N and L, as lecture 6 (PyTorch's own takes (N, C, L))", () => {
    // bn3 = torch.nn.BatchNorm1d(3); y3 = bn3(x.view(2, 2, 3).permute(0, 2, 1)).permute(0, 2, 1)
    const bn = new nn.BatchNorm1d(3);
    const y = bn.forward(tensor(x4x3, { dtype: "float32" }).view(2, 2, 3));
    expect(y.shape).toEqual([2, 2, 3]);
    expectClose(y, trained);
    expectClose(bn.runningVar, runningVar);
  });

  test("momentum 0.001 as lecture 4 writes it by hand", () => {
    const bn = new nn.BatchNorm1d(3, { momentum: 0.001 });
    bn.forward(tensor(x4x3, { dtype: "float32" }));
    // mean of column 0 is 1.375; unbiased var of column 0 is 2.2291666...
    expectClose(bn.runningMean.view(3), [0.001375, 0.00075, 0.0003125]);
    expect(bn.runningVar.get(0)).toBeCloseTo(0.999 + 0.001 * 2.2291666666, 6);
  });

  test("a wrong shape is one sentence", () => {
    expect(() => new nn.BatchNorm1d(4).forward(zeros([2, 3]))).toThrow(/BatchNorm1d\(4\)/);
    // PyTorch: "Expected more than 1 value per channel when training"
    const bn = new nn.BatchNorm1d(3);
    expect(() => bn.forward(zeros([1, 3]))).toThrow(/more than one value per feature/);
    expect(bn.forward(zeros([1, 2, 3])).shape).toEqual([1, 2, 3]); // N·L = 2 values: fine
    expect(bn.eval().forward(zeros([1, 3])).shape).toEqual([1, 3]);
  });
});

test("LayerNorm, against PyTorch 1.13", () => {
  // ln = torch.nn.LayerNorm(3); print(ln(x).tolist())
  const ln = new nn.LayerNorm(3);
  expectClose(
    ln.forward(tensor(x4x3, { dtype: "float32" })),
    [
      0.88899827003479, -1.396997332572937, 0.5079990029335022, 1.3363041877746582,
      -0.2672608494758606, -1.0690433979034424, -1.2674986124038696, 1.1769628524780273,
      0.09053558111190796, 1.2787114381790161, -0.11624658107757568, -1.1624650955200195,
    ],
  );
});

describe("Linear and Embedding", () => {
  test("Linear's weight is the lecture's randn((fan_in, fan_out), generator=g) / fan_in**0.5", () => {
    const layer = new nn.Linear(4, 3, { generator: new Generator().manualSeed(42) });
    const w = randn([4, 3], { generator: new Generator().manualSeed(42) }).div(2);
    expect(layer.weight.tolist()).toEqual(w.tolist());
    expect(layer.bias?.tolist()).toEqual([0, 0, 0]);
    expect(layer.parameters()).toEqual([layer.weight, layer.bias]);
    const x = tensor([[1, 2, 3, 4]], { dtype: "float32" });
    expect(layer.forward(x).tolist()).toEqual(x.matmul(w).tolist());
  });

  test("bias: false, gain, and input of rank 3 (the last dimension is in)", () => {
    const g = new Generator().manualSeed(1);
    const layer = new nn.Linear(2, 2, { bias: false, gain: 5 / 3, generator: g });
    expect(layer.bias).toBeNull();
    expect(layer.parameters()).toHaveLength(1);
    const w = randn([2, 2], { generator: new Generator().manualSeed(1) })
      .div(2 ** 0.5)
      .mul(5 / 3);
    expect(layer.weight.tolist()).toEqual(w.tolist());
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8], { dtype: "float32" }).view(2, 2, 2);
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 2, 2]);
    expect(y.view(4, 2).tolist()).toEqual(x.view(4, 2).matmul(w).tolist());
  });

  test("Embedding is C[X] with C = randn((num, dim), generator=g)", () => {
    const emb = new nn.Embedding(27, 10, { generator: new Generator().manualSeed(2147483647) });
    const C = randn([27, 10], { generator: new Generator().manualSeed(2147483647) });
    const X = tensor([[0, 5, 13]]);
    expect(emb.forward(X).shape).toEqual([1, 3, 10]);
    expect(emb.forward(X).tolist()).toEqual(C.index(X).tolist());
  });

  test("Kaiming gains per non-linearity, as torch.nn.init.calculate_gain", () => {
    expect(nn.calculateGain("tanh")).toBe(1.6666666666666667);
    expect(nn.calculateGain("relu")).toBe(Math.SQRT2); // PyTorch prints 1.4142135623730951
    expect(nn.calculateGain("linear")).toBe(1);
    const w = nn.kaimingNormal([30, 200], {
      nonlinearity: "tanh",
      generator: new Generator().manualSeed(2147483647),
    });
    const lecture = randn([30, 200], { generator: new Generator().manualSeed(2147483647) })
      .mul(5 / 3)
      .div(30 ** 0.5);
    expect(w.tolist()).toEqual(lecture.tolist());
  });
});

describe("the small modules", () => {
  test("Tanh, ReLU, Flatten, FlattenConsecutive", () => {
    const x = tensor([-1, 0, 2], { dtype: "float32" });
    expect(new nn.Tanh().forward(x).tolist()).toEqual(x.tanh().tolist());
    expect(new nn.ReLU().forward(x).tolist()).toEqual([0, 0, 2]);
    const e = zeros([4, 8, 10]);
    expect(new nn.Flatten().forward(e).shape).toEqual([4, 80]);
    expect(new nn.FlattenConsecutive(2).forward(e).shape).toEqual([4, 4, 20]);
    expect(new nn.FlattenConsecutive(8).forward(e).shape).toEqual([4, 80]);
    const seq = tensor([0, 1, 2, 3, 4, 5, 6, 7]).view(1, 4, 2);
    expect(new nn.FlattenConsecutive(2).forward(seq).tolist()).toEqual([
      [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
      ],
    ]);
    expect(() => new nn.FlattenConsecutive(3).forward(e)).toThrow(/multiple of 3/);
  });

  test("Dropout: seeded, scaled by 1/(1-p) while training, the identity in eval", () => {
    const x = tensor(
      Array.from({ length: 1000 }, () => 1),
      { dtype: "float32" },
    );
    const drop = new nn.Dropout(0.25, { generator: new Generator().manualSeed(7) });
    const y = drop.forward(x);
    const values = Array.from(y.storage.subarray(0, 1000));
    for (const v of values) expect([0, Math.fround(1 / 0.75)]).toContain(v);
    const dropped = values.filter((v) => v === 0).length;
    expect(dropped).toBeGreaterThan(200);
    expect(dropped).toBeLessThan(300);
    const again = new nn.Dropout(0.25, { generator: new Generator().manualSeed(7) }).forward(x);
    expect(again.tolist()).toEqual(y.tolist());
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    expect(() => new nn.Dropout(1.5)).toThrow(/between 0 and 1/);
  });

  test("train() and eval() reach every child; zeroGrad clears every gradient", () => {
    const model = new nn.Sequential([
      new nn.Linear(3, 4),
      new nn.BatchNorm1d(4),
      new nn.ModuleList([new nn.Dropout(0.1)]),
    ]);
    model.eval();
    expect(model.layers.every((m) => !m.training)).toBe(true);
    expect((model.layers[2] as nn.ModuleList).at(0).training).toBe(false);
    expect(() => (model.layers[2] as nn.ModuleList).at(3)).toThrow(/1 modules, so index 3/);
    expect(() => model.layers[2]!.forward(randn([1]))).toThrow(/loop over its modules/);
    model.train();
    expect(model.layers[1]!.training).toBe(true);
    const loss = model.layers[1]!.forward(model.layers[0]!.forward(randn([5, 3])))
      .pow(2)
      .sum();
    loss.backward();
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe("gradients through each module, against central differences", () => {
  const f64 = { dtype: "float64" as const, generator: new Generator().manualSeed(3) };
  test("Linear (rank 2 and 3)", () => {
    const layer = new nn.Linear(3, 2, f64);
    const x = leaf([4, 3], 1);
    gradCheck(() => weighted(layer.forward(x), 9), [x, ...layer.parameters()]);
    const x3 = leaf([2, 2, 3], 2);
    gradCheck(() => weighted(layer.forward(x3), 9), [x3, ...layer.parameters()]);
  });
  test("Embedding", () => {
    const emb = new nn.Embedding(5, 3, f64);
    const X = tensor([
      [0, 4],
      [4, 2],
    ]);
    gradCheck(() => weighted(emb.forward(X), 9), emb.parameters());
  });
  test("BatchNorm1d (training, rank 2 and 3) and LayerNorm", () => {
    const bn = new nn.BatchNorm1d(3, { dtype: "float64" });
    noGrad(() => bn.weight.add_(leaf([3], 5).detach()));
    const x = leaf([4, 3], 1);
    gradCheck(() => weighted(bn.forward(x), 9), [x, ...bn.parameters()]);
    const x3 = leaf([2, 3, 3], 2);
    gradCheck(() => weighted(bn.forward(x3), 9), [x3, ...bn.parameters()]);
    bn.eval(); // the running statistics are constants: only the affine part and x carry grad
    gradCheck(() => weighted(bn.forward(x), 9), [x, ...bn.parameters()]);
    const ln = new nn.LayerNorm(3, { dtype: "float64" });
    gradCheck(() => weighted(ln.forward(x3), 9), [x3, ...ln.parameters()]);
  });
  test("Sequential", () => {
    const model = new nn.Sequential([
      new nn.Linear(3, 4, f64),
      new nn.Tanh(),
      new nn.Linear(4, 2, f64),
    ]);
    const x = leaf([5, 3], 1);
    gradCheck(() => weighted(model.forward(x), 9), [x, ...model.parameters()]);
  });
  test("Tanh, ReLU, FlattenConsecutive, Dropout", () => {
    const x = leaf([2, 4, 3], 1);
    gradCheck(() => weighted(new nn.Tanh().forward(x), 9), [x]);
    gradCheck(() => weighted(new nn.ReLU().forward(x), 9), [x]);
    gradCheck(() => weighted(new nn.FlattenConsecutive(2).forward(x), 9), [x]);
    // a fresh generator per call: the same mask each time, so the loss is a function of x
    gradCheck(
      () =>
        weighted(new nn.Dropout(0.5, { generator: new Generator().manualSeed(1) }).forward(x), 9),
      [x],
    );
  });
});

describe("the lectures' models, parameter for parameter", () => {
  const vocab = 27;
  test("lecture 4, part 1: the BatchNorm MLP has 12,097 parameters", () => {
    const g = new Generator().manualSeed(2147483647);
    const model = new nn.Sequential([
      new nn.Embedding(vocab, 10, { generator: g }),
      new nn.Flatten(),
      new nn.Linear(30, 200, { bias: false, generator: g }),
      new nn.BatchNorm1d(200),
      new nn.Tanh(),
      new nn.Linear(200, vocab, { generator: g }),
    ]);
    expect(count(model.parameters())).toBe(12097);
  });

  test("lecture 4's deep network: 47,024 parameters, gamma of the last layer scaled", () => {
    const g = new Generator().manualSeed(2147483647);
    const [nEmbd, nHidden] = [10, 100];
    const C = randn([vocab, nEmbd], { generator: g });
    const layers: nn.Module[] = [
      new nn.Linear(nEmbd * 3, nHidden, { bias: false, generator: g }),
      new nn.BatchNorm1d(nHidden),
      new nn.Tanh(),
    ];
    for (let i = 0; i < 4; i++) {
      layers.push(new nn.Linear(nHidden, nHidden, { bias: false, generator: g }));
      layers.push(new nn.BatchNorm1d(nHidden), new nn.Tanh());
    }
    layers.push(
      new nn.Linear(nHidden, vocab, { bias: false, generator: g }),
      new nn.BatchNorm1d(vocab),
    );
    const last = layers.at(-1) as nn.BatchNorm1d;
    noGrad(() => last.gamma.mul_(0.1));
    expect(last.gamma.get(0)).toBeCloseTo(0.1, 7);
    const parameters = [C, ...layers.flatMap((l) => l.parameters())];
    expect(count(parameters)).toBe(47024);
  });

  test("lecture 6's WaveNet: 76,579 parameters, and a batch runs through it", () => {
    const g = new Generator().manualSeed(42);
    const [nEmbd, nHidden] = [24, 128];
    const model = new nn.Sequential([
      new nn.Embedding(vocab, nEmbd, { generator: g }),
      new nn.FlattenConsecutive(2),
      new nn.Linear(nEmbd * 2, nHidden, { bias: false, generator: g }),
      new nn.BatchNorm1d(nHidden),
      new nn.Tanh(),
      new nn.FlattenConsecutive(2),
      new nn.Linear(nHidden * 2, nHidden, { bias: false, generator: g }),
      new nn.BatchNorm1d(nHidden),
      new nn.Tanh(),
      new nn.FlattenConsecutive(2),
      new nn.Linear(nHidden * 2, nHidden, { bias: false, generator: g }),
      new nn.BatchNorm1d(nHidden),
      new nn.Tanh(),
      new nn.Linear(nHidden, vocab, { generator: g }),
    ]);
    noGrad(() => (model.layers.at(-1) as nn.Linear).weight.mul_(0.1));
    expect(count(model.parameters())).toBe(76579);
    const X = tensor(Array.from({ length: 32 }, (_, i) => i % vocab)).view(4, 8);
    expect(model.forward(X).shape).toEqual([4, vocab]);
  });
});

describe("modules() and apply(), as lecture 7's _init_weights uses them", () => {
  test("apply visits every module depth first, children before the parent, and returns it", () => {
    const inner = new nn.Sequential([new nn.Linear(2, 3), new nn.Tanh()]);
    const outer = new nn.Sequential([inner, new nn.Linear(3, 1)]);
    const seen: string[] = [];
    const back = outer.apply((m) => {
      seen.push(m.constructor.name);
    });
    expect(back).toBe(outer);
    expect(seen).toEqual(["Linear", "Tanh", "Sequential", "Linear", "Sequential"]);
    expect(outer.modules().map((m) => m.constructor.name)).toEqual([
      "Sequential",
      "Sequential",
      "Linear",
      "Tanh",
      "Linear",
    ]);
  });

  test("nn.init.normal_ and zeros_ re-initialise parameters in place under no-grad", () => {
    const layer = new nn.Linear(40, 50);
    layer.apply((m) => {
      if (m instanceof nn.Linear) {
        nn.init.normal_(m.weight, 0.0, 0.02, { generator: new Generator().manualSeed(1) });
        if (m.bias) nn.init.ones_(m.bias);
      }
    });
    expect(layer.weight.requiresGrad).toBe(true);
    expect(layer.weight.std().item()).toBeGreaterThan(0.019);
    expect(layer.weight.std().item()).toBeLessThan(0.021);
    expect([...layer.bias!.storage].every((b) => b === 1)).toBe(true);
    nn.init.zeros_(layer.bias!);
    expect([...layer.bias!.storage].every((b) => b === 0)).toBe(true);
  });

  test("a model may take two inputs and give two outputs (logits, loss = model(xb, yb))", () => {
    class Pair extends nn.Module<[Tensor, Tensor?], [Tensor, Tensor | null]> {
      readonly head = this.registerModule("head", new nn.Linear(2, 2));
      forward(x: Tensor, y?: Tensor): [Tensor, Tensor | null] {
        const out = this.head.forward(x);
        return [out, y === undefined ? null : out.sub(y).pow(2).mean()];
      }
    }
    const model = new Pair();
    const [out, loss] = model.forward(tensor([[1.5, 2]]), tensor([[0.5, 0]]));
    expect(out.shape).toEqual([1, 2]);
    expect(loss!.ndim).toBe(0);
    expect(model.parameters().length).toBe(2);
    expect(model.forward(tensor([[1.5, 2]]))[1]).toBeNull();
  });
});
