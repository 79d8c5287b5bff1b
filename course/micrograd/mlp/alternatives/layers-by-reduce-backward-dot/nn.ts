/**
 * A neuron, a layer of neurons, and a multi-layer perceptron, built from Values.
 * Weights and biases start uniform in [-1, 1), drawn from `random` so a run can be repeated.
 */
import { Value } from "#reference/micrograd/engine.ts";

type Input = Value | number;

export class Neuron {
  readonly w: Value[] = [];
  readonly b: Value;

  constructor(inputs: number, random: () => number = Math.random) {
    for (let i = 0; i < inputs; i++) this.w.push(new Value(random() * 2 - 1));
    this.b = new Value(random() * 2 - 1);
  }

  /** tanh(w · x + b), the products added from the last input back to the first. */
  call(x: readonly Input[]): Value {
    let act = this.b;
    for (let i = this.w.length - 1; i >= 0; i--) act = this.w[i]!.mul(x[i]!).add(act);
    return act.tanh();
  }

  parameters(): Value[] {
    const params: Value[] = [];
    for (const wi of this.w) params.push(wi);
    params.push(this.b);
    return params;
  }
}

export class Layer {
  readonly neurons: Neuron[] = [];

  constructor(inputs: number, outputs: number, random: () => number = Math.random) {
    for (let i = 0; i < outputs; i++) this.neurons.push(new Neuron(inputs, random));
  }

  call(x: readonly Input[]): Value[] {
    const out: Value[] = [];
    for (const neuron of this.neurons) out.push(neuron.call(x));
    return out;
  }

  parameters(): Value[] {
    return this.neurons.reduce<Value[]>((all, n) => all.concat(n.parameters()), []);
  }
}

export class MLP {
  readonly layers: Layer[];

  /** new MLP(3, [4, 4, 1]): 3 inputs, two hidden layers of 4 neurons, 1 output. */
  constructor(inputs: number, outputs: readonly number[], random: () => number = Math.random) {
    this.layers = outputs.map(
      (size, i) => new Layer(i === 0 ? inputs : outputs[i - 1]!, size, random),
    );
  }

  /** The outputs of the last layer (an array even when there is one). */
  call(x: readonly Input[]): Value[] {
    return this.layers.reduce<Input[]>((acts, layer) => layer.call(acts), [...x]) as Value[];
  }

  parameters(): Value[] {
    return this.layers.reduce<Value[]>((all, layer) => all.concat(layer.parameters()), []);
  }
}
