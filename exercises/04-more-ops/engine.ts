import { todo } from "#reference/todo.ts";

/**
 * More operations for Value: pow, div, neg, sub, exp, log, relu, and numbers on either side.
 * +, *, tanh and backward() are written (exercise 3). Read README.md in this folder first.
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

  /** this ** k for a plain number k (an int or a float). */
  pow(k: number): Value {
    return todo("Value.pow(k): data this.data ** k; local derivative k * x^(k-1)");
  }

  /** this / other. Directly, or as this * other ** -1. */
  div(other: Operand): Value {
    return todo("Value.div: d(a/b)/da = 1/b and d(a/b)/db = -a/b²");
  }

  /** -this. */
  neg(): Value {
    return todo("Value.neg: -x is x * -1");
  }

  /** this - other. */
  sub(other: Operand): Value {
    return todo("Value.sub: a - b is a + (-b)");
  }

  /** e ** this. */
  exp(): Value {
    return todo("Value.exp: the derivative of e^x is e^x, the output itself");
  }

  /** The natural logarithm. */
  log(): Value {
    return todo("Value.log: the derivative of ln x is 1/x");
  }

  /** max(0, this). */
  relu(): Value {
    return todo("Value.relu: max(0, x); the gradient passes only where the output is positive");
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
export function add(a: Operand, b: Operand): Value {
  return todo("add(a, b): wrap a plain number a in a Value, then a.add(b)");
}
export function mul(a: Operand, b: Operand): Value {
  return todo("mul(a, b): like add");
}
export function sub(a: Operand, b: Operand): Value {
  return todo("sub(a, b): like add");
}
export function div(a: Operand, b: Operand): Value {
  return todo("div(a, b): like add");
}
