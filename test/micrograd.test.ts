/** Numbers from outside (the lecture and micrograd's README), reproduced by the reference and the solutions. */
import { describe, expect, test } from "vitest";
import { toDot, toPng, toSvg } from "#reference/micrograd/draw.ts";
import * as reference from "#reference/micrograd/engine.ts";
import { MLP, seededRandom } from "#reference/micrograd/nn.ts";
import * as solution2 from "#solutions/02-value/value.ts";
import * as solution3 from "#solutions/03-backward/engine.ts";
import * as solution4 from "#solutions/04-more-ops/engine.ts";
import * as solution5 from "#solutions/05-mlp/nn.ts";
import * as solution6 from "#solutions/06-training/train.ts";

type Engine = typeof reference;

interface NeuronValue {
  data: number;
  grad: number;
  add(other: NeuronValue): NeuronValue;
  mul(other: NeuronValue): NeuronValue;
  tanh(): NeuronValue;
  backward(): void;
}

function lectureNeuron(ValueClass: unknown) {
  const Value = ValueClass as new (data: number) => NeuronValue;
  const x1 = new Value(2);
  const x2 = new Value(0);
  const w1 = new Value(-3);
  const w2 = new Value(1);
  const b = new Value(6.8813735870195432);
  const o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh();
  o.backward();
  return { o, x1, x2, w1, w2 };
}

function moreOps(
  engine: Pick<Engine, "add" | "mul" | "div"> & {
    Value: typeof reference.Value | typeof solution4.Value;
  },
) {
  const { Value, add, mul, div } = engine as Engine;
  const a = new Value(-4);
  const b = new Value(2);
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c.add(1));
  c = c.add(add(1, c).add(a.neg()));
  d = d.add(d.mul(2).add(b.add(a).relu()));
  d = d.add(mul(3, d).add(b.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2);
  g = g.add(div(10, f));
  g.backward();
  return { a, b, g };
}

describe.each([
  ["reference", reference.Value],
  ["solution 3", solution3.Value],
  ["solution 4", solution4.Value],
] as const)("the lecture's neuron (%s)", (_name, Value) => {
  test("o = 0.7071 with the lecture's gradients", () => {
    const { o, x1, x2, w1, w2 } = lectureNeuron(Value);
    expect(o.data).toBeCloseTo(0.7071, 4);
    expect(x1.grad).toBeCloseTo(-1.5, 6);
    expect(w1.grad).toBeCloseTo(1, 6);
    expect(x2.grad).toBeCloseTo(0.5, 6);
    expect(w2.grad).toBeCloseTo(0, 6);
  });
});

describe.each([
  ["reference", reference],
  ["solution 4", solution4],
] as const)("micrograd's more-ops example (%s)", (_name, engine) => {
  test("g = 24.7041, dg/da = 138.8338, dg/db = 645.5773", () => {
    const { a, b, g } = moreOps(engine);
    expect(g.data).toBeCloseTo(24.7041, 4);
    expect(a.grad).toBeCloseTo(138.8338, 4);
    expect(b.grad).toBeCloseTo(645.5773, 4);
  });
});

test("backward on a chain of 100,000 nodes does not overflow the stack", () => {
  const x = new reference.Value(0.5);
  let out = x;
  for (let i = 0; i < 100_000; i++) out = out.add(0);
  out.backward();
  expect(x.grad).toBe(1);
});

test("the lecture's neuron, forward only (solution 2): o = 0.7071", () => {
  const { Value } = solution2;
  const [x1, x2, w1, w2, b] = [2, 0, -3, 1, 6.8813735870195432].map((x) => new Value(x));
  const o = x1!.mul(w1!).add(x2!.mul(w2!)).add(b!).tanh();
  expect(o.data).toBeCloseTo(0.7071, 4);
  expect(o.op).toBe("tanh");
});

test("the MLP of solution 5 has 41 parameters at the lecture's sizes", () => {
  const mlp = new solution5.MLP(3, [4, 4, 1], seededRandom(1));
  expect(mlp.parameters()).toHaveLength(41);
  expect(new Set(mlp.parameters()).size).toBe(41);
});

describe.each([1, 2, 3])("the lecture's training run, seed %i (solution 6)", (seed) => {
  test("100 steps at learning rate 0.1 bring the summed squared error below 0.01", () => {
    const model = new MLP(3, [4, 4, 1], seededRandom(seed));
    const losses = solution6.train(model, solution6.xs, solution6.ys, {
      steps: 100,
      learningRate: 0.1,
    });
    expect(losses[0]).toBeGreaterThan(0.5);
    expect(solution6.squaredError(model, solution6.xs, solution6.ys).data).toBeLessThan(0.01);
    const predictions = solution6.xs.map((x) => model.call(x)[0]!.data);
    expect(predictions.map(Math.sign)).toEqual(solution6.ys);
  });
});

test("the MLP has 41 parameters at the lecture's sizes and is reproducible from a seed", () => {
  const a = new MLP(3, [4, 4, 1], seededRandom(1));
  const b = new MLP(3, [4, 4, 1], seededRandom(1));
  expect(a.parameters()).toHaveLength(41);
  expect(a.call([2, 3, -1])[0]!.data).toBe(b.call([2, 3, -1])[0]!.data);
});

test("draw: DOT records like the lecture's draw_dot, then SVG and PNG", async () => {
  const x = new reference.Value(2, [], "", "x");
  const y = x.mul(3).tanh();
  y.label = "y";
  y.backward();
  const dot = toDot(y);
  expect(dot).toContain("rankdir=LR");
  expect(dot).toContain("x | data 2.0000 | grad ");
  expect(dot).toMatch(/label="tanh"/);
  const svg = await toSvg(y);
  expect(svg).toContain("<svg");
  const png = await toPng(y);
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
});

test("draw: the lecture's neuron, drawn from a learner's Value (solution 3's)", async () => {
  const { Value } = solution3;
  const x1 = new Value(2, [], "", "x1");
  const w1 = new Value(-3, [], "", "w1");
  const x2 = new Value(0, [], "", "x2");
  const w2 = new Value(1, [], "", "w2");
  const b = new Value(6.8813735870195432, [], "", "b");
  const n = x1.mul(w1).add(x2.mul(w2)).add(b);
  n.label = "n";
  const o = n.tanh();
  o.label = "o";
  o.backward();
  const dot = toDot(o);
  for (const record of [
    "x1 | data 2.0000 | grad -1.5000",
    "w1 | data -3.0000 | grad 1.0000",
    "x2 | data 0.0000 | grad 0.5000",
    "w2 | data 1.0000 | grad 0.0000",
    "n | data 0.8814 | grad 0.5000",
    "o | data 0.7071 | grad 1.0000",
  ])
    expect(dot).toContain(record);
  // Ten records and five operations (two *, two +, tanh), each op a small circle.
  expect(dot.match(/shape=record/g)).toHaveLength(10);
  expect(dot.match(/shape=circle/g)).toHaveLength(5);
  const svg = await toSvg(o);
  expect(svg.match(/<g id="node\d+" class="node">/g)).toHaveLength(15);
  const png = await toPng(o);
  expect(png.readUInt32BE(16)).toBeGreaterThan(1000); // width in pixels, from the IHDR chunk
});
