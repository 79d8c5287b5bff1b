/**
 * A neuron, a layer of neurons, and a multi-layer perceptron, built from Values.
 * The Value engine is the kit's (you built the same in exercises 2-4).
 * Read README.md in this folder first.
 */
import type { Value } from "#reference/micrograd/engine.ts";
import { todo } from "#reference/todo.ts";

type Input = Value | number;

export class Neuron {
  readonly w!: Value[];
  readonly b!: Value;

  /** One weight per input and a bias, each new Value(random() * 2 - 1). */
  constructor(inputs: number, random: () => number = Math.random) {
    todo(
      "Neuron: make `inputs` weights and one bias, each a Value uniform in [-1, 1): random() * 2 - 1",
    );
  }

  /** tanh(w · x + b) */
  call(x: readonly Input[]): Value {
    return todo("Neuron.call: the sum of w[i] * x[i], plus b, through tanh");
  }

  parameters(): Value[] {
    return todo("Neuron.parameters: the weights and the bias, as one array");
  }
}

export class Layer {
  readonly neurons!: Neuron[];

  constructor(inputs: number, outputs: number, random: () => number = Math.random) {
    todo("Layer: `outputs` neurons, each with `inputs` inputs (pass `random` on)");
  }

  call(x: readonly Input[]): Value[] {
    return todo("Layer.call: every neuron's output for the same x");
  }

  parameters(): Value[] {
    return todo("Layer.parameters: all the neurons' parameters");
  }
}

export class MLP {
  readonly layers!: Layer[];

  /** new MLP(3, [4, 4, 1]): 3 inputs, two hidden layers of 4 neurons, 1 output. */
  constructor(inputs: number, outputs: readonly number[], random: () => number = Math.random) {
    todo("MLP: one Layer per entry of outputs; layer i takes the previous size as its inputs");
  }

  /** The outputs of the last layer (an array even when there is one). */
  call(x: readonly Input[]): Value[] {
    return todo("MLP.call: feed x through each layer in turn");
  }

  parameters(): Value[] {
    return todo("MLP.parameters: all the layers' parameters");
  }
}
