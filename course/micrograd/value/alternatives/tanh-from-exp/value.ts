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
    this.prev = prev;
    this.op = op;
    this.label = label;
  }

  add(other: Operand): Value {
    const o = typeof other === "number" ? new Value(other) : other;
    return new Value(this.data + o.data, [this, o], "+");
  }

  mul(other: Operand): Value {
    const o = typeof other === "number" ? new Value(other) : other;
    return new Value(this.data * o.data, [this, o], "*");
  }

  /**
   * The lecture's tanh, (e^2x − 1) / (e^2x + 1). Written with e = e^(−2|x|) − 1 (expm1, exact
   * near 0) it is −e / (e + 2) for |x|: e never overflows, and the sign is put back after.
   */
  tanh(): Value {
    const x = this.data;
    const e = Math.expm1(-2 * Math.abs(x));
    const t = Math.sign(x) * (-e / (e + 2));
    return new Value(t, [this], "tanh");
  }
}
