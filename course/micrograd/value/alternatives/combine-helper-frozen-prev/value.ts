/**
 * A Value wraps one number and remembers how it was made: the Values it came from (`prev`)
 * and the operation (`op`). That record is the graph backpropagation will walk.
 */
export type Operand = Value | number;

/** A plain number becomes a leaf Value; a Value stays itself (the very object). */
const asValue = (x: Operand): Value => (x instanceof Value ? x : new Value(x));

export class Value {
  data: number;
  grad = 0;
  label: string;
  readonly prev: readonly Value[];
  readonly op: string;

  constructor(data: number, prev: readonly Value[] = [], op = "", label = "") {
    this.data = data;
    // Frozen: the graph's record of where a Value came from never changes after the fact.
    this.prev = Object.freeze([...prev]);
    this.op = op;
    this.label = label;
  }

  /** A binary operation's result: its number, and both inputs remembered. */
  private combine(other: Operand, op: string, compute: (a: number, b: number) => number): Value {
    const o = asValue(other);
    return new Value(compute(this.data, o.data), [this, o], op);
  }

  add(other: Operand): Value {
    return this.combine(other, "+", (a, b) => a + b);
  }

  mul(other: Operand): Value {
    return this.combine(other, "*", (a, b) => a * b);
  }

  tanh(): Value {
    return new Value(Math.tanh(this.data), [this], "tanh");
  }
}
