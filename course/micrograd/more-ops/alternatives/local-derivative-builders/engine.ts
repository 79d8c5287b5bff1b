/**
 * The rest of micrograd's operations. An operation is its forward value and its local
 * derivatives; two builders turn those into a node whose backward step applies the chain
 * rule, so each operation is one line.
 */
export type Operand = Value | number;

const wrap = (x: Operand): Value => (x instanceof Value ? x : new Value(x));

export class Value {
  data: number;
  grad = 0;
  label: string;
  readonly prev: readonly Value[];
  readonly op: string;
  backwardStep: () => void = () => {};

  constructor(data: number, prev: readonly Value[] = [], op = "", label = "") {
    this.data = data;
    this.prev = prev;
    this.op = op;
    this.label = label;
  }

  /** A node of one input: `local(x, y)` is dy/dx, given the input x and the output y. */
  private unary(op: string, y: number, local: (x: number, y: number) => number): Value {
    const out = new Value(y, [this], op);
    out.backwardStep = () => {
      this.grad += local(this.data, out.data) * out.grad;
    };
    return out;
  }

  /** A node of two inputs: the local derivatives for a and for b, given a and b. */
  private binary(
    other: Operand,
    op: string,
    forward: (a: number, b: number) => number,
    localA: (a: number, b: number) => number,
    localB: (a: number, b: number) => number,
  ): Value {
    const o = wrap(other);
    const out = new Value(forward(this.data, o.data), [this, o], op);
    out.backwardStep = () => {
      const [a, b] = [this.data, o.data];
      this.grad += localA(a, b) * out.grad;
      o.grad += localB(a, b) * out.grad;
    };
    return out;
  }

  add(other: Operand): Value {
    return this.binary(
      other,
      "+",
      (a, b) => a + b,
      () => 1,
      () => 1,
    );
  }

  mul(other: Operand): Value {
    return this.binary(
      other,
      "*",
      (a, b) => a * b,
      (_, b) => b,
      (a) => a,
    );
  }

  div(other: Operand): Value {
    return this.binary(
      other,
      "/",
      (a, b) => a / b,
      (_, b) => 1 / b,
      (a, b) => -a / (b * b),
    );
  }

  sub(other: Operand): Value {
    return this.binary(
      other,
      "-",
      (a, b) => a - b,
      () => 1,
      () => -1,
    );
  }

  neg(): Value {
    return this.unary("neg", -this.data, () => -1);
  }

  tanh(): Value {
    return this.unary("tanh", Math.tanh(this.data), (_, y) => 1 - y * y);
  }

  pow(k: number): Value {
    return this.unary(`**${k}`, this.data ** k, (x) => k * x ** (k - 1));
  }

  exp(): Value {
    return this.unary("exp", Math.exp(this.data), (_, y) => y);
  }

  log(): Value {
    return this.unary("log", Math.log(this.data), (x) => 1 / x);
  }

  relu(): Value {
    return this.unary("ReLU", this.data > 0 ? this.data : 0, (x) => (x > 0 ? 1 : 0));
  }

  backward(): void {
    const topo: Value[] = [];
    const visited = new Set<Value>();
    const buildTopo = (v: Value) => {
      if (visited.has(v)) return;
      visited.add(v);
      for (const child of v.prev) buildTopo(child);
      topo.push(v);
    };
    buildTopo(this);
    this.grad = 1;
    for (const v of topo.reverse()) v.backwardStep();
  }
}

/** Numbers on either side, as Python's __radd__ and friends allow: 2 + b is add(2, b). */
export const add = (a: Operand, b: Operand): Value => wrap(a).add(b);
export const mul = (a: Operand, b: Operand): Value => wrap(a).mul(b);
export const sub = (a: Operand, b: Operand): Value => wrap(a).sub(b);
export const div = (a: Operand, b: Operand): Value => wrap(a).div(b);
