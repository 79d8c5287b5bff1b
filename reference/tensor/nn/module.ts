/**
 * `nn.Module` and the modules that hold only other modules or no parameters: Sequential,
 * ModuleList, Tanh, ReLU, Flatten, FlattenConsecutive.
 */
import "../ops/elementwise.ts";
import "../ops/views.ts";
import type { Tensor } from "../tensor.ts";
import * as errors from "./errors.ts";

/**
 * What every layer is: its parameters (tensors that learn), its buffers (tensors it keeps but
 * does not learn, like BatchNorm's running statistics) and its children, each in the order
 * registered, as PyTorch keeps them; and a `training` flag that `train()`/`eval()` set on the
 * whole tree. A layer maps a tensor to a tensor; a model may take other inputs and give other
 * outputs, as lecture 7's GPT does (`logits, loss = model(xb, yb)`):
 * `class GPTLanguageModel extends nn.Module<[Tensor, Tensor?], [Tensor, Tensor | null]>`.
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  training = true;
  readonly #parameters = new Map<string, Tensor>();
  readonly #buffers = new Map<string, Tensor>();
  readonly #children = new Map<string, AnyModule>();

  abstract forward(...input: In): Out;

  /** Registers a parameter (it is made to require grad) and returns it. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad_();
    this.#parameters.set(name, t);
    return t;
  }

  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.#buffers.set(name, t);
    return t;
  }

  protected registerModule<M extends AnyModule>(name: string, m: M): M {
    this.#children.set(name, m);
    return m;
  }

  /** This module's own parameters first, then each child's, depth first (PyTorch's order). */
  parameters(): Tensor[] {
    const out = [...this.#parameters.values()];
    for (const child of this.#children.values()) out.push(...child.parameters());
    return out;
  }

  buffers(): Tensor[] {
    const out = [...this.#buffers.values()];
    for (const child of this.#children.values()) out.push(...child.buffers());
    return out;
  }

  children(): AnyModule[] {
    return [...this.#children.values()];
  }

  /** This module and every module below it, depth first (PyTorch's `modules()`). */
  modules(): AnyModule[] {
    const out: AnyModule[] = [this];
    for (const child of this.#children.values()) out.push(...child.modules());
    return out;
  }

  /**
   * Calls `fn` on every child, depth first, then on this module, and returns this: lecture
   * 7's `self.apply(self._init_weights)`, which re-initialises each Linear and Embedding.
   */
  apply(fn: (m: AnyModule) => void): this {
    for (const child of this.#children.values()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Training mode (the default): BatchNorm uses batch statistics, Dropout drops. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.#children.values()) child.train(mode);
    return this;
  }

  /** Evaluation mode: BatchNorm uses its running statistics, Dropout is the identity. */
  eval(): this {
    return this.train(false);
  }

  /** PyTorch's `zero_grad()`: every parameter's `.grad` set to null, as a new step needs. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }
}

/** A module of any inputs and output: what a container holds and `apply` visits. */
export type AnyModule = Module<never, unknown>;

/** Runs its modules one after another: `new nn.Sequential([a, b, c])`. */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(layers: readonly Module[]) {
    super();
    this.layers = [...layers];
    this.layers.forEach((m, i) => {
      this.registerModule(String(i), m);
    });
  }

  forward(x: Tensor): Tensor {
    let out = x;
    for (const m of this.layers) out = m.forward(out);
    return out;
  }
}

/** A list of modules whose parameters count as the owner's; it has no forward of its own. */
export class ModuleList extends Module {
  readonly items: Module[];

  constructor(items: readonly Module[] = []) {
    super();
    this.items = [];
    for (const m of items) this.append(m);
  }

  append(m: Module): this {
    this.registerModule(String(this.items.length), m);
    this.items.push(m);
    return this;
  }

  get length(): number {
    return this.items.length;
  }

  at(i: number): Module {
    const m = this.items.at(i);
    if (m === undefined) throw errors.moduleListIndex(i, this.items.length);
    return m;
  }

  forward(_x: Tensor): Tensor {
    throw errors.moduleListForward();
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/** Keeps the first dimension and flattens the rest: (B, T, C) → (B, T·C). */
export class Flatten extends Module {
  forward(x: Tensor): Tensor {
    return x.view(x.shape[0]!, -1);
  }
}

/**
 * Lecture 6's WaveNet layer: (B, T, C) → (B, T/n, C·n), n consecutive positions side by side;
 * when that leaves one position, the middle dimension is dropped: (B, C·n).
 */
export class FlattenConsecutive extends Module {
  constructor(readonly n: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    const [B, T, C] = x.shape;
    if (x.shape.length !== 3 || T! % this.n !== 0)
      throw errors.flattenConsecutiveShape(x.shape, this.n);
    const out = x.view(B!, T! / this.n, C! * this.n);
    return T === this.n ? out.view(B!, C! * this.n) : out;
  }
}
