import { todo } from "#reference/todo.ts";

/**
 * Backpropagation on the Value graph. The forward parts are written (you built them in the
 * last exercise); your work is each operation's `backwardStep` and `backward()` itself.
 * Read README.md in this folder first.
 */
export type Operand = Value | number;

export class Value {
  data: number;
  grad = 0;
  label: string;
  readonly prev: readonly Value[];
  readonly op: string;
  /** Passes this node's gradient on to its inputs; each operation sets it. Leaves do nothing. */
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
      todo("the local derivative of +: add out.grad to this.grad and to o.grad");
    };
    return out;
  }

  mul(other: Operand): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data * o.data, [this, o], "*");
    out.backwardStep = () => {
      todo(
        "the local derivative of *: each input's grad gets the other input's data times out.grad",
      );
    };
    return out;
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], "tanh");
    out.backwardStep = () => {
      todo("the local derivative of tanh: 1 - t², where t is the OUTPUT tanh(x), times out.grad");
    };
    return out;
  }

  /** Fills in grad for every Value this one was computed from. */
  backward(): void {
    todo(
      "backward(): order the graph topologically, set this.grad = 1, then call backwardStep on each node from the output back",
    );
  }
}
