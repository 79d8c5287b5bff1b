/**
 * A Value wraps one number and remembers how it was made: the Values it came from (`prev`)
 * and the operation (`op`). That record is the graph backpropagation will walk.
 */
export type Operand = Value | number;

export class Value {
  data: number;
  grad: number;
  label: string;
  readonly prev: readonly Value[];
  readonly op: string;

  constructor(data: number, prev: readonly Value[] = [], op = "", label = "") {
    this.data = data;
    this.grad = 0;
    this.prev = [...new Set(prev)];
    this.op = op;
    this.label = label;
  }

  add(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    return new Value(this.data + o.data, [this, o], "+");
  }

  mul(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    return new Value(this.data * o.data, [this, o], "*");
  }

  tanh(): Value {
    return new Value(Math.tanh(this.data), [this], "tanh");
  }
}
