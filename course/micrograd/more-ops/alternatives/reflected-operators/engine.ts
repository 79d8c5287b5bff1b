/**
 * The rest of micrograd's operations. Each is one short method: the forward value and,
 * beside it, the local derivative. Some are built from others (a - b is a + (-b)), so their
 * derivatives come for free.
 */
export type Operand = Value | number;

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

  add(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data + o.data, [this, o], "+");
    out.backwardStep = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data * o.data, [this, o], "*");
    out.backwardStep = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], "tanh");
    out.backwardStep = () => {
      this.grad += (1 - t ** 2) * out.grad;
    };
    return out;
  }

  /** this ** k for a plain number k: d/dx x^k = k·x^(k-1). */
  pow(k: number): Value {
    const out = new Value(this.data ** k, [this], `**${k}`);
    out.backwardStep = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  /** a / b: d/da = 1/b, d/db = -a/b². */
  div(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data / o.data, [this, o], "/");
    out.backwardStep = () => {
      this.grad += (1 / o.data) * out.grad;
      o.grad += (-this.data / o.data ** 2) * out.grad;
    };
    return out;
  }

  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    return this.add(o.neg());
  }

  /** d/dx e^x = e^x, the output itself. */
  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], "exp");
    out.backwardStep = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  /** d/dx ln x = 1/x. */
  log(): Value {
    const out = new Value(Math.log(this.data), [this], "log");
    out.backwardStep = () => {
      this.grad += (1 / this.data) * out.grad;
    };
    return out;
  }

  /** max(0, x): the gradient passes where the output is positive. */
  relu(): Value {
    const out = new Value(this.data < 0 ? 0 : this.data, [this], "ReLU");
    out.backwardStep = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
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

/**
 * A plain number on the left, as micrograd's reflected operators handle it: 2 + b calls
 * b.__radd__(2), which is b + 2 (so b comes first in prev); 2 - b is 2 + (-b); 2 / b is
 * 2 * b^-1. Only a number on the left is reflected; a Value on the left calls its own method.
 */
// b, the Value whose reflected operator runs (a number becomes a leaf Value first).
const reflected = (b: Operand): Value => (b instanceof Value ? b : new Value(b));
export const add = (a: Operand, b: Operand): Value =>
  a instanceof Value ? a.add(b) : reflected(b).add(a);
export const mul = (a: Operand, b: Operand): Value =>
  a instanceof Value ? a.mul(b) : reflected(b).mul(a);
export const sub = (a: Operand, b: Operand): Value =>
  a instanceof Value ? a.sub(b) : reflected(b).neg().add(a);
export const div = (a: Operand, b: Operand): Value =>
  a instanceof Value ? a.div(b) : reflected(b).pow(-1).mul(a);
