/**
 * Neurons, layers and multi-layer perceptrons built from Values, after micrograd's nn.py.
 * Initial weights are uniform in [-1, 1) from a seeded generator, so a run can be repeated.
 */
import { Value } from "./engine.ts";

/** A small seeded generator of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export abstract class Module {
  abstract parameters(): Value[];

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }
}

export class Neuron extends Module {
  readonly w: Value[];
  readonly b: Value;
  readonly nonlinear: boolean;

  constructor(inputs: number, random: () => number = seededRandom(1337), nonlinear = true) {
    super();
    this.w = Array.from({ length: inputs }, () => new Value(random() * 2 - 1));
    this.b = new Value(random() * 2 - 1);
    this.nonlinear = nonlinear;
  }

  /** tanh(w · x + b), or just w · x + b for a linear neuron. */
  call(x: readonly (Value | number)[]): Value {
    let act = this.b;
    for (let i = 0; i < this.w.length; i++) act = act.add(this.w[i]!.mul(x[i]!));
    return this.nonlinear ? act.tanh() : act;
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

export class Layer extends Module {
  readonly neurons: Neuron[];

  constructor(
    inputs: number,
    outputs: number,
    random: () => number = seededRandom(1337),
    nonlinear = true,
  ) {
    super();
    this.neurons = Array.from({ length: outputs }, () => new Neuron(inputs, random, nonlinear));
  }

  call(x: readonly (Value | number)[]): Value[] {
    return this.neurons.map((n) => n.call(x));
  }

  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }
}

export class MLP extends Module {
  readonly layers: Layer[];

  /** new MLP(3, [4, 4, 1]): 3 inputs, two hidden layers of 4, one output; tanh everywhere, as in the lecture. */
  constructor(
    inputs: number,
    outputs: readonly number[],
    random: () => number = seededRandom(1337),
  ) {
    super();
    const sizes = [inputs, ...outputs];
    this.layers = outputs.map((_, i) => new Layer(sizes[i]!, sizes[i + 1]!, random));
  }

  call(x: readonly (Value | number)[]): Value[] {
    let out: (Value | number)[] = [...x];
    for (const layer of this.layers) out = layer.call(out);
    return out as Value[];
  }

  parameters(): Value[] {
    return this.layers.flatMap((l) => l.parameters());
  }
}
