import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { expectClose, expectNumber } from "#kit/expect.ts";
import { expectGradient } from "#kit/numeric.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { Value } from "#reference/micrograd/engine.ts";
import { MLP as KitMLP, seededRandom } from "#reference/micrograd/nn.ts";

type Target = typeof import("#solutions/05-mlp/nn.ts");
const learner = loadTarget<Target>("nn.ts", ["Neuron", "Layer", "MLP"]);
type Neuron = InstanceType<Target["Neuron"]>;
type Layer = InstanceType<Target["Layer"]>;
type MLP = InstanceType<Target["MLP"]>;

/** The scenarios' imports: the learner's classes and the kit's seeded generator. */
const importsOf = (name: "Neuron" | "Layer" | "MLP") =>
  `${importLearner(learner, name)}\nimport { seededRandom } from "#reference/micrograd/nn.ts";`;

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

/** A neuron's weights then its bias, as numbers, once they are checked to be `inputs` Values and a Value. */
function plainParameters(neuron: Neuron, what: string, inputs: number): number[] {
  const w = expectValues(neuron?.w, `${what}.w`, inputs);
  if (!(neuron.b instanceof Value))
    fail(`\`${what}.b\` should be a Value, but it is ${describeValue(neuron.b)}.`);
  return [...w, neuron.b].map((v) => v.data);
}

/** tanh(w·x + b) in plain numbers, from [...w, b]. */
function plainNeuron(parameters: readonly number[], x: readonly number[]): number {
  const bias = parameters.at(-1)!;
  return Math.tanh(x.reduce((s, xi, i) => s + parameters[i]! * xi, bias));
}

function expectNeurons(layer: Layer, what: string, count: number): Neuron[] {
  const neurons: unknown = layer?.neurons;
  if (!Array.isArray(neurons) || neurons.length !== count)
    fail(`\`${what}.neurons\` should hold ${count} neurons, but it is ${describeValue(neurons)}.`);
  return neurons as Neuron[];
}

/**
 * The network's weights as plain numbers, [layer][neuron] = [...w, b], once its layers and
 * neurons are checked to have the sizes `[nin, ...nouts]` asks for.
 */
function plainNetwork(mlp: MLP, sizes: readonly number[]): number[][][] {
  const layers: unknown = mlp?.layers;
  if (!Array.isArray(layers) || layers.length !== sizes.length - 1)
    fail(
      `\`mlp.layers\` should hold ${sizes.length - 1} layers, but it is ${describeValue(layers)}.`,
    );
  return (layers as Layer[]).map((layer, l) =>
    expectNeurons(layer, `mlp.layers[${l}]`, sizes[l + 1]!).map((neuron, i) =>
      plainParameters(neuron, `mlp.layers[${l}].neurons[${i}]`, sizes[l]!),
    ),
  );
}

/**
 * Each neuron's parameters against the kit's network built from the same seeded random: every
 * neuron takes its own draws from the random the constructor was given, neuron after neuron.
 * Within a neuron the order is free (the bias may be drawn first), so the draws are compared as
 * a set.
 */
function expectDrawnFrom(
  network: readonly (readonly number[])[][],
  nin: number,
  nouts: readonly number[],
  seed: number,
  what: (l: number, i: number) => string,
): void {
  const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b).join();
  const kit = new KitMLP(nin, nouts, seededRandom(seed));
  kit.layers.forEach((layer, l) => {
    layer.neurons.forEach((neuron, i) => {
      const expected = neuron.parameters().map((p) => p.data);
      if (sorted(network[l]![i]!) !== sorted(expected))
        fail(
          `\`${what(l, i)}\` has parameters [${network[l]![i]!.join(", ")}], but with seededRandom(${seed}) it should draw [${expected.join(", ")}] (its weights and bias, each random() * 2 - 1, after the neurons before it): pass the random you are given on to every neuron.`,
        );
    });
  });
}

/** The network's outputs in plain numbers. */
function plainMlp(network: readonly (readonly number[])[][], x: readonly number[]): number[] {
  let activations = x;
  for (const layer of network) activations = layer.map((p) => plainNeuron(p, activations));
  return [...activations];
}

check(
  "neuron",
  "a Neuron has one weight per input and a bias, and computes tanh(w·x + b)",
  2,
  async () => {
    const constant = `${importLearner(learner, "Neuron")}
const neuron = new Neuron(3, () => 0.75);`;
    await scenario(learner, constant, ({ neuron }) => {
      const w = expectValues(neuron.w, "neuron.w", 3);
      const why = "Each starts at random() * 2 - 1, so a random() of 0.75 gives 0.5.";
      for (const [i, wi] of w.entries()) expectClose(wi.data, 0.5, `neuron.w[${i}].data`, { why });
      expectClose(neuron.b?.data, 0.5, "neuron.b.data", { why });
    });
    await property(
      fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), inputs(n), fc.nat())),
      async ([n, x, seed]) => {
        const code = `${importsOf("Neuron")}
const neuron = new Neuron(${n}, seededRandom(${seed}));
const x = [${x.join(", ")}];
const out = neuron.call(x);`;
        await scenario(learner, code, ({ neuron, out, x: given }) => {
          expectInputsUnchanged("neuron.call(x)", { x: [given, x] });
          if (!(out instanceof Value))
            fail(`\`out\` should be a Value, but it is ${describeValue(out)}.`);
          const expected = plainNeuron(plainParameters(neuron, "neuron", n), x);
          expectClose(out.data, expected, "out.data", {
            rtol: 1e-12,
            why: "It should be tanh(w[0]·x[0] + … + b).",
          });
        });
      },
    );
  },
);

check("layer", "a Layer is a list of neurons that all see the same inputs", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(
    fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.nat())
      .chain(([nin, nout, seed]) =>
        fc.tuple(fc.constant(nin), fc.constant(nout), fc.constant(seed), inputs(nin)),
      ),
    async ([nin, nout, seed, x]) => {
      const code = `${importsOf("Layer")}
const layer = new Layer(${nin}, ${nout}, seededRandom(${seed}));
const x = [${x.join(", ")}];
const out = layer.call(x);`;
      await scenario(learner, code, ({ layer, out, x: given }) => {
        expectInputsUnchanged("layer.call(x)", { x: [given, x] });
        const neurons = expectNeurons(layer, "layer", nout);
        expectDrawnFrom(
          [neurons.map((n, i) => plainParameters(n, `layer.neurons[${i}]`, nin))],
          nin,
          [nout],
          seed,
          (_, i) => `layer.neurons[${i}]`,
        );
        const outputs = expectValues(out, "out", nout);
        outputs.forEach((o, i) => {
          const expected = plainNeuron(plainParameters(neurons[i]!, `layer.neurons[${i}]`, nin), x);
          expectClose(o.data, expected, `out[${i}].data`, {
            rtol: 1e-12,
            why: `It should be neuron ${i}'s output.`,
          });
        });
      });
    },
  );
});

check("mlp", "an MLP feeds each layer's outputs to the next", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(
    shape.chain((s) => fc.tuple(fc.constant(s), inputs(s.nin))),
    async ([{ nin, nouts, seed }, x]) => {
      const code = `${importsOf("MLP")}
const mlp = new MLP(${nin}, [${nouts.join(", ")}], seededRandom(${seed}));
const out = mlp.call([${x.join(", ")}]);`;
      await scenario(learner, code, ({ mlp, out }) => {
        const network = plainNetwork(mlp, [nin, ...nouts]);
        expectDrawnFrom(network, nin, nouts, seed, (l, i) => `mlp.layers[${l}].neurons[${i}]`);
        const expected = plainMlp(network, x);
        const outputs = expectValues(out, "out", nouts.at(-1)!);
        outputs.forEach((o, i) => {
          expectClose(o.data, expected[i]!, `out[${i}].data`, { rtol: 1e-9 });
        });
      });
    },
  );
});

check(
  "parameters",
  "parameters() lists every weight and bias once: 41 for MLP(3, [4, 4, 1])",
  2,
  async () => {
    await learner(); // first, so that a file that does not load is an error, not a failed input
    await property(shape, async ({ nin, nouts, seed }) => {
      const sizes = [nin, ...nouts];
      const expected = nouts.reduce((sum, n, i) => sum + n * (sizes[i]! + 1), 0);
      const weights = nouts.reduce((sum, n, i) => sum + n * sizes[i]!, 0);
      const code = `${importsOf("MLP")}
const mlp = new MLP(${nin}, [${nouts.join(", ")}], seededRandom(${seed}));
const params = mlp.parameters(); // should hold ${expected} Values`;
      await scenario(learner, code, ({ mlp, params }) => {
        if (!Array.isArray(params))
          fail(`\`params\` should be an array, but it is ${describeValue(params)}.`);
        const count = `\`mlp.parameters()\` returned ${params.length} Value${params.length === 1 ? "" : "s"}`;
        if (params.length === weights) {
          fail(
            `${count}, only the weights: the biases are missing (each neuron has one weight per input and one bias).`,
            { mistake: "bias-missing-from-parameters" },
          );
        }
        if (params.length !== expected)
          fail(
            `${count}, but the network has ${expected} (each neuron has one weight per input plus a bias).`,
          );
        const layers = mlp.layers as Layer[];
        const own = new Set(layers.flatMap((l) => l.neurons.flatMap((n) => [...n.w, n.b])));
        const distinct = new Set(params);
        if (distinct.size !== params.length)
          fail("`mlp.parameters()` lists some Values more than once.");
        if (![...distinct].every((p) => own.has(p)))
          fail(
            "`mlp.parameters()` returns Values that are not the network's own weights and biases (copies?): gradient descent must change the very Values the network uses.",
          );
      });
    });
  },
);

check(
  "backprop",
  "backward() through the MLP gives every parameter the right gradient",
  1,
  async () => {
    const x = [2, 3, -1];
    const target = 0.5;
    const code = `${importsOf("MLP")}
const mlp = new MLP(3, [4, 4, 1], seededRandom(7));
const params = mlp.parameters();
const loss = mlp.call([${x.join(", ")}])[0].sub(${target}).pow(2);
loss.backward();`;
    await scenario(learner, code, ({ mlp, params }) => {
      if (!Array.isArray(params))
        fail(`\`params\` should be an array, but it is ${describeValue(params)}.`);
      // Finite differences through the learner's own network measure each gradient: nudging a
      // parameter and calling mlp.call again is what the learner can do to see the same numbers.
      const loss = () =>
        (mlp as MLP)
          .call([...x])[0]!
          .sub(target)
          .pow(2).data;
      (params as Value[]).forEach((p, i) => {
        const analytic = expectNumber(p.grad, `params[${i}].grad`);
        const saved = p.data;
        const h = 1e-6;
        p.data = saved + h;
        const up = loss();
        p.data = saved - h;
        const down = loss();
        p.data = saved;
        expectGradient(analytic, (up - down) / (2 * h), `params[${i}]`);
      });
    });
  },
);
