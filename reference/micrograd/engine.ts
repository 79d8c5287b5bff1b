/**
 * A scalar autograd engine, after micrograd's engine.py: each Value remembers the values it
 * was made from (`prev`) and the operation (`op`), and each operation sets `backwardStep`,
 * the local rule that passes the output's gradient to its inputs (the chain rule).
 *
 * TypeScript has no operator overloading, so `a + b` is `a.add(b)`. Python's `__radd__`
 * lets `2 + a` work; here a method cannot be called on the number 2, so plain numbers are
 * accepted on either side through the free functions `add(2, a)`, `mul(2, a)`, `sub`, `div`.
 */

export type Operand = Value | number;

function toValue(x: Operand): Value {
  return x instanceof Value ? x : new Value(x);
}

export class Value {
  data: number;
  grad = 0;
  label: string;
  readonly prev: readonly Value[];
  readonly op: string;
  /** Adds this node's contribution to its inputs' gradients; set by the op that made it. */
  backwardStep: () => void = () => {};

  constructor(data: number, prev: readonly Value[] = [], op = "", label = "") {
    this.data = data;
    this.prev = prev;
    this.op = op;
    this.label = label;
  }

  add(other: Operand): Value {
    const o = toValue(other);
    const out = new Value(this.data + o.data, [this, o], "+");
    out.backwardStep = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Operand): Value {
    const o = toValue(other);
    const out = new Value(this.data * o.data, [this, o], "*");
    out.backwardStep = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
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

  /** a / b = a · b^-1, so d/da = 1/b and d/db = -a/b². */
  div(other: Operand): Value {
    return this.mul(toValue(other).pow(-1));
  }

  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Operand): Value {
    return this.add(toValue(other).neg());
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], "exp");
    out.backwardStep = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  log(): Value {
    const out = new Value(Math.log(this.data), [this], "log");
    out.backwardStep = () => {
      this.grad += (1 / this.data) * out.grad;
    };
    return out;
  }

  /** d/dx tanh(x) = 1 - tanh(x)²: written with the output, which is already computed. */
  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], "tanh");
    out.backwardStep = () => {
      this.grad += (1 - t ** 2) * out.grad;
    };
    return out;
  }

  relu(): Value {
    const out = new Value(this.data < 0 ? 0 : this.data, [this], "ReLU");
    out.backwardStep = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  /**
   * Every node's gradient of this value: order the graph so that each node comes after
   * everything it was made from, seed this value's gradient with 1, and apply the local
   * rules from the output back to the leaves. The walk is iterative, so a chain of 100,000
   * nodes does not overflow the call stack.
   */
  backward(): void {
    const order = topologicalOrder<Value>(this);
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i]!.backwardStep();
  }

  toString(): string {
    return `Value(data=${this.data}${this.label ? `, label=${this.label}` : ""})`;
  }
}

/**
 * Nodes ordered so that every node comes after its inputs (a depth-first post-order).
 * Any graph of nodes that list their inputs in `prev` will do, so draw.ts can use it too.
 */
export function topologicalOrder<N extends { readonly prev: Iterable<N> }>(root: N): N[] {
  const order: N[] = [];
  const visited = new Set<N>();
  const stack: { node: N; inputs: N[]; next: number }[] = [
    { node: root, inputs: [...root.prev], next: 0 },
  ];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.inputs.length) {
      const child = top.inputs[top.next++]!;
      if (!visited.has(child)) {
        visited.add(child);
        stack.push({ node: child, inputs: [...child.prev], next: 0 });
      }
    } else {
      order.push(top.node);
      stack.pop();
    }
  }
  return order;
}

export const add = (a: Operand, b: Operand): Value => toValue(a).add(b);
export const mul = (a: Operand, b: Operand): Value => toValue(a).mul(b);
export const sub = (a: Operand, b: Operand): Value => toValue(a).sub(b);
export const div = (a: Operand, b: Operand): Value => toValue(a).div(b);
