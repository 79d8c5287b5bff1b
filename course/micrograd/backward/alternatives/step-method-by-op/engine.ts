/**
 * Backpropagation on the Value graph. A node knows its operation and its inputs, which is all
 * its local derivative needs: `backwardStep` reads them and passes the output's gradient on.
 * `backward()` orders the graph and applies those steps from the output back to the leaves.
 */
export type Operand = Value | number;

export class Value {
  data: number;
  grad = 0;
  label: string;
  readonly prev: readonly Value[];
  readonly op: string;

  constructor(data: number, prev: readonly Value[] = [], op = "", label = "") {
    this.data = data;
    this.prev = prev;
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

  /** The chain rule for this node: each input's grad grows by its local derivative × this.grad. */
  backwardStep(): void {
    const [a, b] = this.prev;
    switch (this.op) {
      case "+":
        a!.grad += this.grad;
        b!.grad += this.grad;
        break;
      case "*":
        a!.grad += b!.data * this.grad;
        b!.grad += a!.data * this.grad;
        break;
      case "tanh":
        a!.grad += (1 - this.data ** 2) * this.grad;
        break;
      // A leaf has no inputs to pass a gradient to.
    }
  }

  backward(): void {
    const topo: Value[] = [];
    const visited = new Set<Value>();
    const visit = (v: Value): void => {
      if (visited.has(v)) return;
      visited.add(v);
      for (const child of v.prev) visit(child);
      topo.push(v);
    };
    visit(this);
    this.grad = 1;
    for (let i = topo.length - 1; i >= 0; i--) topo[i]!.backwardStep();
  }
}
