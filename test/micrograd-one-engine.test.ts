/**
 * One micrograd: the reference engine (reference/micrograd/engine.ts) and the last micrograd
 * solution (solutions/04-more-ops/engine.ts) are written differently (division through pow,
 * an iterative topological sort) but must compute the same thing. Random graphs over every
 * operation, nodes reused, numbers on either side: same forward values, same gradients.
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import * as reference from "#reference/micrograd/engine.ts";
import * as solution from "#solutions/04-more-ops/engine.ts";

type Engine = typeof reference | typeof solution;
type Step = { op: number; a: number; b: number; k: number; constant: number; left: boolean };

const step = fc.record({
  op: fc.integer({ min: 0, max: 9 }),
  a: fc.nat(),
  b: fc.nat(),
  k: fc.integer({ min: -2, max: 3 }),
  constant: fc.double({ min: 0.5, max: 2, noNaN: true }),
  left: fc.boolean(),
});

/** Builds the same graph in an engine; returns its leaves and its output. */
function build(engine: Engine, leaves: readonly number[], steps: readonly Step[]) {
  type V = InstanceType<Engine["Value"]>;
  const inputs = leaves.map((x) => new engine.Value(x)) as V[];
  const nodes: V[] = [...inputs];
  // Keeps values where every op is smooth and finite (division and log away from 0).
  const safe = (v: V) => v.tanh().add(2) as V;
  for (const s of steps) {
    const x = nodes[s.a % nodes.length]!;
    const y = nodes[s.b % nodes.length]!;
    let out: V;
    switch (s.op) {
      case 0:
        out = (s.left ? engine.add(s.constant, x) : x.add(y as never)) as V;
        break;
      case 1:
        out = (s.left ? engine.mul(s.constant, x) : x.mul(y as never)) as V;
        break;
      case 2:
        out = (s.left ? engine.sub(s.constant, x) : x.sub(y as never)) as V;
        break;
      case 3:
        out = (s.left ? engine.div(s.constant, safe(x)) : x.div(safe(y) as never)) as V;
        break;
      case 4:
        out = safe(x).pow(s.k) as V;
        break;
      case 5:
        out = x.neg() as V;
        break;
      case 6:
        out = x.tanh().exp() as V;
        break;
      case 7:
        out = safe(x).log() as V;
        break;
      case 8:
        out = x.relu() as V;
        break;
      default:
        out = x.tanh() as V;
    }
    nodes.push(out);
  }
  return { inputs, output: nodes[nodes.length - 1]! };
}

test.prop(
  [
    fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 4 }),
    fc.array(step, { minLength: 1, maxLength: 25 }),
  ],
  { seed: 20261202, numRuns: 300 },
)("the reference engine and solution 04 agree on random graphs", (leaves, steps) => {
  const r = build(reference, leaves, steps);
  const s = build(solution, leaves, steps);
  const close = (x: number, y: number) =>
    Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  expect(close(r.output.data, s.output.data), `forward ${r.output.data} vs ${s.output.data}`).toBe(
    true,
  );
  r.output.backward();
  s.output.backward();
  r.inputs.forEach((leaf, i) => {
    const other = s.inputs[i]!;
    expect(close(leaf.grad, other.grad), `grad of leaf ${i}: ${leaf.grad} vs ${other.grad}`).toBe(
      true,
    );
  });
});
