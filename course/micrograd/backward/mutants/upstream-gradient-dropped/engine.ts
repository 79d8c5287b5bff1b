/**
 * Backpropagation on the Value graph. Each operation records, next to its forward value,
 * its local derivative as `backwardStep`: how to pass the output's gradient to its inputs.
 * `backward()` orders the graph and applies those steps from the output back to the leaves.
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
      this.grad += o.data;
      o.grad += this.data;
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
