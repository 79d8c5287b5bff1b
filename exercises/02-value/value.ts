import { todo } from "#reference/todo.ts";

/**
 * A Value wraps one number and remembers how it was made: the Values it came from (`prev`)
 * and the operation (`op`). Read README.md in this folder first.
 */
export type Operand = Value | number;

export class Value {
  data!: number;
  grad!: number;
  label!: string;
  readonly prev!: readonly Value[];
  readonly op!: string;

  constructor(data: number, prev: readonly Value[] = [], op = "", label = "") {
    todo("the Value constructor: store data, prev, op and label, and start grad at 0");
  }

  /** this + other: a new Value made from [this, other] by "+". Accept a plain number too. */
  add(other: Operand): Value {
    return todo(
      'Value.add: return a new Value with data this.data + other.data, prev [this, other], op "+"',
    );
  }

  /** this * other, op "*". */
  mul(other: Operand): Value {
    return todo(
      'Value.mul: return a new Value with data this.data * other.data, prev [this, other], op "*"',
    );
  }

  /** tanh(this), op "tanh": the squashing function of a neuron. */
  tanh(): Value {
    return todo(
      'Value.tanh: return a new Value with data Math.tanh(this.data), prev [this], op "tanh"',
    );
  }
}
