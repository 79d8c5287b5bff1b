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
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  tanh(): Value {
    const out = new Value(Math.tanh(this.data), [this], "tanh");
    out.backwardStep = () => {
      this.grad += (1 - out.data * out.data) * out.grad;
    };
    return out;
  }

  /**
   * A node's height is one more than its tallest input's (a leaf's is 0), so every node that
   * uses v is taller than v: running the nodes tallest first, v passes its gradient on only
   * after all of its users have added to it.
   */
  backward(): void {
    const heights = new Map<Value, number>();
    const heightOf = (v: Value): number => {
      const known = heights.get(v);
      if (known !== undefined) return known;
      let height = 0;
      for (const child of v.prev) height = Math.max(height, heightOf(child) + 1);
      heights.set(v, height);
      return height;
    };
    heightOf(this);
    const tallestFirst = [...heights.keys()].sort((u, v) => heights.get(v)! - heights.get(u)!);
    this.grad = 1;
    for (const v of tallestFirst) v.backwardStep();
  }
}
