/**
 * A neuron, a layer of neurons, and a multi-layer perceptron, built from Values.
 * Weights and biases start uniform in [-1, 1), drawn from `random` so a run can be repeated.
 */
import { Value } from "#reference/micrograd/engine.ts";

type Input = Value | number;

export class Neuron {
  readonly w: Value[];
  readonly b: Value;

  constructor(inputs: number, random: () => number = Math.random) {
    this.w = Array.from({ length: inputs }, () => new Value(random() * 2 - 1));
    this.b = new Value(random() * 2 - 1);
  }

  /** tanh(w · x + b) */
  call(x: readonly Input[]): Value {
    // The bias folded in as one more weight, on a constant input of 1 appended to the caller's x.
    const inputs = x as Input[];
    inputs.push(1);
    const weights = [...this.w, this.b];
    let act = weights[0]!.mul(inputs[0]!);
    for (let i = 1; i < weights.length; i++) act = act.add(weights[i]!.mul(inputs[i]!));
    return act.tanh();
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

export class Layer {
  readonly neurons: Neuron[];

  constructor(inputs: number, outputs: number, random: () => number = Math.random) {
    this.neurons = Array.from({ length: outputs }, () => new Neuron(inputs, random));
  }

  call(x: readonly Input[]): Value[] {
    return this.neurons.map((neuron) => neuron.call(x));
  }

  parameters(): Value[] {
    return this.neurons.flatMap((neuron) => neuron.parameters());
  }
}

export class MLP {
  readonly layers: Layer[];

  /** new MLP(3, [4, 4, 1]): 3 inputs, two hidden layers of 4 neurons, 1 output. */
  constructor(inputs: number, outputs: readonly number[], random: () => number = Math.random) {
    const sizes = [inputs, ...outputs];
    this.layers = outputs.map((_, i) => new Layer(sizes[i]!, sizes[i + 1]!, random));
  }

  /** The outputs of the last layer (an array even when there is one). */
  call(x: readonly Input[]): Value[] {
    let out: Input[] = [...x];
    for (const layer of this.layers) out = layer.call(out);
    return out as Value[];
  }

  parameters(): Value[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }
}
