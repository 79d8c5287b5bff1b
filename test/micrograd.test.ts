/** Numbers from outside (the lecture and micrograd's README), reproduced by the reference and the solutions. */
import { describe, expect, test } from "vitest";
import { toDot, toPng, toSvg } from "../reference/micrograd/draw.ts";
import * as reference from "../reference/micrograd/engine.ts";
import { MLP, seededRandom } from "../reference/micrograd/nn.ts";
import * as solution3 from "../solutions/03-backward/engine.ts";
import * as solution4 from "../solutions/04-more-ops/engine.ts";

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
