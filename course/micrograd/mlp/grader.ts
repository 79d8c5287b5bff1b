import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { expectClose, expectNumber } from "#kit/expect.ts";
import { expectGradient } from "#kit/numeric.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";
import { Value } from "#reference/micrograd/engine.ts";
import { seededRandom } from "#reference/micrograd/nn.ts";

type Target = typeof import("#solutions/05-mlp/nn.ts");
const learner = loadTarget<Target>("nn.ts", ["Neuron", "Layer", "MLP"]);

const inputs = (n: number) =>
  fc.array(
    fc.integer({ min: -200, max: 200 }).map((v) => v / 100),
    { minLength: n, maxLength: n },
  );
const shape = fc.record({
  nin: fc.integer({ min: 1, max: 4 }),
  nouts: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
  seed: fc.nat(),
});

/** The neuron's output from its own weights, in plain numbers. */
function plainNeuron(w: readonly Value[], b: Value, x: readonly number[]): number {
  return Math.tanh(w.reduce((s, wi, i) => s + wi.data * x[i]!, b.data));
}

function expectValues(list: unknown, what: string, length: number): Value[] {
  if (!Array.isArray(list))
    fail(`\`${what}\` should be an array of Values, but it is ${describeValue(list)}.`);
  if (list.length !== length)
    fail(`\`${what}\` should hold ${length} Values, but it holds ${list.length}.`);
  list.forEach((v, i) => {
    if (!(v instanceof Value))
      fail(`\`${what}[${i}]\` should be a Value, but it is ${describeValue(v)}.`);
  });
  return list as Value[];
}

check(
  "neuron",
  "a Neuron has one weight per input and a bias, and computes tanh(w·x + b)",
  2,
  async () => {
    const { Neuron } = await learner();
    const constant = new Neuron(3, () => 0.75);
    const w = expectValues(constant.w, "new Neuron(3, () => 0.75).w", 3);
    for (const wi of [...w, constant.b]) {
      expectClose(wi?.data, 0.5, "every weight and bias of new Neuron(3, () => 0.75)", {
        why: "Each starts at random() * 2 - 1, so a random() of 0.75 gives 0.5.",
      });
    }
    await property(
      fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), inputs(n), fc.nat())),
      ([n, x, seed]) => {
        const neuron = new Neuron(n, seededRandom(seed));
        const out = neuron.call(x);
        if (!(out instanceof Value))
          fail(`\`neuron.call(x)\` should return a Value, but it returned ${describeValue(out)}.`);
        expectClose(out.data, plainNeuron(neuron.w, neuron.b, x), "neuron.call(x).data", {
          rtol: 1e-12,
          why: "It should be tanh(w[0]·x[0] + … + b).",
        });
      },
      {
        show: ([n, x, seed]) =>
          `const neuron = new Neuron(${n}, seededRandom(${seed}));\nneuron.call([${x.join(", ")}]);`,
      },
    );
  },
);

check("layer", "a Layer is a list of neurons that all see the same inputs", 2, async () => {
  const { Layer } = await learner();
  await property(
    fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.nat())
      .chain(([nin, nout, seed]) =>
        fc.tuple(fc.constant(nin), fc.constant(nout), fc.constant(seed), inputs(nin)),
      ),
    ([nin, nout, seed, x]) => {
      const layer = new Layer(nin, nout, seededRandom(seed));
      if (!Array.isArray(layer.neurons) || layer.neurons.length !== nout)
        fail(
          `\`new Layer(${nin}, ${nout}).neurons\` should hold ${nout} neurons, but it is ${describeValue(layer.neurons)}.`,
        );
      const out = expectValues(layer.call(x), "layer.call(x)", nout);
      out.forEach((o, i) => {
        const neuron = layer.neurons[i]!;
        expectValues(neuron.w, `layer.neurons[${i}].w`, nin);
        expectClose(o.data, plainNeuron(neuron.w, neuron.b, x), `layer.call(x)[${i}].data`, {
          rtol: 1e-12,
          why: `It should be neuron ${i}'s output.`,
        });
      });
    },
    {
      show: ([nin, nout, seed, x]) =>
        `const layer = new Layer(${nin}, ${nout}, seededRandom(${seed}));\nlayer.call([${x.join(", ")}]);`,
    },
  );
});

check("mlp", "an MLP feeds each layer's outputs to the next", 2, async () => {
  const { MLP } = await learner();
  await property(
    shape.chain((s) => fc.tuple(fc.constant(s), inputs(s.nin))),
    ([{ nin, nouts, seed }, x]) => {
      const mlp = new MLP(nin, nouts, seededRandom(seed));
      if (!Array.isArray(mlp.layers) || mlp.layers.length !== nouts.length)
        fail(
          `\`new MLP(${nin}, [${nouts}]).layers\` should hold ${nouts.length} layers, but it is ${describeValue(mlp.layers)}.`,
        );
      let activations = x;
      for (const layer of mlp.layers)
        activations = layer.neurons.map((n) => plainNeuron(n.w, n.b, activations));
      const out = expectValues(mlp.call(x), "mlp.call(x)", nouts.at(-1)!);
      out.forEach((o, i) => {
        expectClose(o.data, activations[i]!, `mlp.call(x)[${i}].data`, { rtol: 1e-9 });
      });
    },
    {
      show: ([{ nin, nouts, seed }, x]) =>
        `const mlp = new MLP(${nin}, [${nouts.join(", ")}], seededRandom(${seed}));\nmlp.call([${x.join(", ")}]);`,
    },
  );
});

check(
  "parameters",
  "parameters() lists every weight and bias once: 41 for MLP(3, [4, 4, 1])",
  2,
  async () => {
    const { MLP } = await learner();
    await property(
      shape,
      ({ nin, nouts, seed }) => {
        const mlp = new MLP(nin, nouts, seededRandom(seed));
        const sizes = [nin, ...nouts];
        const expected = nouts.reduce((sum, n, i) => sum + n * (sizes[i]! + 1), 0);
        const params = mlp.parameters();
        if (!Array.isArray(params))
          fail(`\`mlp.parameters()\` should be an array, but it is ${describeValue(params)}.`);
        const weights = nouts.reduce((sum, n, i) => sum + n * sizes[i]!, 0);
        if (params.length === weights) {
          fail(
            `\`new MLP(${nin}, [${nouts}]).parameters()\` returned ${params.length} Value${params.length === 1 ? "" : "s"}, only the weights: the biases are missing (each neuron has one weight per input and one bias).`,
            { mistake: "bias-missing-from-parameters" },
          );
        }
        if (params.length !== expected)
          fail(
            `\`new MLP(${nin}, [${nouts}]).parameters()\` returned ${params.length} Value${params.length === 1 ? "" : "s"}, but the network has ${expected} (each neuron has one weight per input plus a bias).`,
          );
        const own = new Set(mlp.layers.flatMap((l) => l.neurons.flatMap((n) => [...n.w, n.b])));
        const distinct = new Set(params);
        if (distinct.size !== params.length)
          fail("`mlp.parameters()` lists some Values more than once.");
        if (![...distinct].every((p) => own.has(p)))
          fail(
            "`mlp.parameters()` returns Values that are not the network's own weights and biases (copies?): gradient descent must change the very Values the network uses.",
          );
      },
      {
        show: ({ nin, nouts, seed }) =>
          `const mlp = new MLP(${nin}, [${nouts.join(", ")}], seededRandom(${seed}));\nmlp.parameters().length;`,
      },
    );
  },
);

check(
  "backprop",
  "backward() through the MLP gives every parameter the right gradient",
  1,
  async () => {
    const { MLP } = await learner();
    const mlp = new MLP(3, [4, 4, 1], seededRandom(7));
    const x = [2, 3, -1];
    const loss = () => {
      const out = mlp.call(x)[0]!;
      return out.sub(0.5).pow(2);
    };
    const params = mlp.parameters();
    loss().backward();
    const code =
      "const mlp = new MLP(3, [4, 4, 1], seededRandom(7));\nconst loss = mlp.call([2, 3, -1])[0].sub(0.5).pow(2);\nloss.backward();";
    params.forEach((p, i) => {
      const analytic = expectNumber(p.grad, `mlp.parameters()[${i}].grad`, code);
      const saved = p.data;
      const h = 1e-6;
      p.data = saved + h;
      const up = loss().data;
      p.data = saved - h;
      const down = loss().data;
      p.data = saved;
      expectGradient(analytic, (up - down) / (2 * h), `mlp.parameters()[${i}]`, { code });
    });
  },
);
