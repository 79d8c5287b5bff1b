/**
 * The rest of micrograd's operations. Each is one short method: the forward value and,
 * beside it, the local derivative. neg and sub are nodes of their own here, each with its own
 * backward step, rather than built from mul and add.
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
    const out = new Value(Math.tanh(this.data), [this], "tanh");
    out.backwardStep = () => {
      this.grad += (1 - out.data ** 2) * out.grad;
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

  /** a / b: d/da = 1/b, and d/db = -a/b², which is -(a/b)/b, the output over b. */
  div(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data / o.data, [this, o], "/");
    out.backwardStep = () => {
      this.grad += out.grad / o.data;
      o.grad += (-out.data / o.data) * out.grad;
    };
    return out;
  }

  /** -x: d/dx = -1. */
  neg(): Value {
    const out = new Value(-this.data, [this], "neg");
    out.backwardStep = () => {
      this.grad -= out.grad;
    };
    return out;
  }

  /** a - b: d/da = 1, d/db = -1. */
  sub(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data - o.data, [this, o], "-");
    out.backwardStep = () => {
      this.grad += out.grad;
      o.grad -= out.grad;
    };
    return out;
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
      this.grad += out.grad / this.data;
    };
    return out;
  }

  /** max(0, x): the gradient passes where the input is positive. */
  relu(): Value {
    const out = new Value(Math.max(0, this.data), [this], "ReLU");
    out.backwardStep = () => {
      if (this.data > 0) this.grad += out.grad;
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
 * A plain number on the left: Python calls b.__radd__(2) for 2 + b. A method cannot be
 * called on the number 2, so these functions take numbers on either side.
 */
function toValue(x: Operand): Value {
  return x instanceof Value ? x : new Value(x);
}
export const add = (a: Operand, b: Operand): Value => toValue(a).add(b);
export const mul = (a: Operand, b: Operand): Value => toValue(a).mul(b);
export const sub = (a: Operand, b: Operand): Value => toValue(a).sub(b);
export const div = (a: Operand, b: Operand): Value => toValue(a).div(b);
