/**
 * A neuron, a layer of neurons, and a multi-layer perceptron, built from Values.
 * Weights and biases start uniform in [-1, 1), drawn from `random` so a run can be repeated.
 * Here each object's `call` and `parameters` are closures made in its constructor.
 */
import { Value } from "#reference/micrograd/engine.ts";

type Input = Value | number;

/** The sum of the terms from i to j (exclusive), halves added together: a balanced tree. */
function pairwiseSum(terms: readonly Value[], i = 0, j = terms.length): Value {
  if (j - i === 1) return terms[i]!;
  const middle = (i + j) >> 1;
  return pairwiseSum(terms, i, middle).add(pairwiseSum(terms, middle, j));
}

export class Neuron {
  readonly w: Value[];
  readonly b: Value;
  /** tanh(w · x + b) */
  readonly call: (x: readonly Input[]) => Value;
  readonly parameters: () => Value[];

  constructor(inputs: number, random: () => number = Math.random) {
    const draw = () => new Value(random() * 2 - 1);
    const w = Array.from({ length: inputs }, draw);
    const b = draw();
    this.w = w;
    this.b = b;
    this.call = (x) => pairwiseSum([...w.map((wi, i) => wi.mul(x[i]!)), b]).tanh();
    this.parameters = () => [...w, b];
  }
}

export class Layer {
  readonly neurons: Neuron[];
  readonly call: (x: readonly Input[]) => Value[];
  readonly parameters: () => Value[];

  constructor(inputs: number, outputs: number, random: () => number = Math.random) {
    const neurons = Array.from({ length: outputs }, () => new Neuron(inputs, random));
    this.neurons = neurons;
    this.call = (x) => neurons.map((n) => n.call(x));
    this.parameters = () => neurons.flatMap((n) => n.parameters());
  }
}

export class MLP {
  readonly layers: Layer[];
  /** The outputs of the last layer (an array even when there is one). */
  readonly call: (x: readonly Input[]) => Value[];
  readonly parameters: () => Value[];

  /** new MLP(3, [4, 4, 1]): 3 inputs, two hidden layers of 4 neurons, 1 output. */
  constructor(inputs: number, outputs: readonly number[], random: () => number = Math.random) {
    const layers: Layer[] = [];
    let fanIn = inputs;
    for (const size of outputs) {
      layers.push(new Layer(fanIn, size, random));
      fanIn = size;
    }
    this.layers = layers;
    this.call = (x) => {
      let out: readonly Input[] = x;
      for (const layer of layers) out = layer.call(out);
      return [...(out as readonly Value[])];
    };
    this.parameters = () => layers.flatMap((layer) => layer.parameters());
  }
}
