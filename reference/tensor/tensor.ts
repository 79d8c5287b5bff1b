/**
 * The kit's torch: a Tensor with PyTorch's names, broadcasting and autograd, so that the
 * lectures' code reads line for line in TypeScript. `a + b` is `a.add(b)`, `C[X]` is
 * `C.index(X)`, `p.data += -lr * p.grad` is `p.data.add_(p.grad.mul(-lr))`.
 *
 * Storage is one contiguous typed array per tensor; `view` shares it. The arithmetic itself
 * is in kernels.ts.
 */
import { inspect } from "node:util";
import type { BinaryOp, UnaryOp } from "./backend.ts";
import { conversions, type DType, isFloating, resultType, torchNames } from "./dtype.ts";
import { formatTensor } from "./format.ts";
import { kernels } from "./kernels.ts";
import {
  binaryResultShape,
  broadcastShapes,
  frozen,
  noDimensions,
  numelOf,
  Size,
  sameShape,
} from "./shape.ts";
import {
  allocate,
  allocateInt32,
  type Lease,
  leaseOf,
  outliveScope,
  type Storage,
} from "./storage.ts";

export type { DType };
export { allocate, broadcastShapes, isFloating, numelOf, Size, type Storage };
export type NestedNumbers = number | boolean | NestedNumbers[];
type Operand = Tensor | number;

/** Why an integer tensor cannot require grad, and what to write instead. */
function requiresGradError(dtype: DType): Error {
  return new Error(
    `Only floating-point tensors can require gradients, but this one is ${dtype} (JavaScript cannot tell 2.0 from 2, so tensor([2.0, 3.0]) holds integers): pass { dtype: 'float32' } or call .float() first.`,
  );
}

/** One step of the backward graph: how the gradient of an output reaches its inputs. */
interface GradFn {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Returns one gradient per input (null where the input needs none). */
  backward(grad: Tensor): (Tensor | null)[];
}

let gradEnabled = true;

/** False inside noGrad(). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording operations for autograd, like `with torch.no_grad():`. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** target += source in place, when they have the same shape and dtype (gradients do); false otherwise. */
function addInto(target: Tensor, source: Tensor): boolean {
  if (target.dtype !== source.dtype || !sameShape(target.shape, source.shape)) return false;
  const t = target.storage;
  kernels.binary("add", t, target.shape, source.storage, source.shape, t, target.shape);
  return true;
}

/** A number as a one-element storage for the kernels, which read it at once (one array, reused). */
const scalarSlot = new Float64Array(1);
function scalar(value: number): Float64Array {
  scalarSlot[0] = value;
  return scalarSlot;
}

const backwardNames: Record<BinaryOp | UnaryOp, string> = {
  add: "AddBackward0",
  sub: "SubBackward0",
  mul: "MulBackward0",
  div: "DivBackward0",
  pow: "PowBackward0",
  neg: "NegBackward0",
  exp: "ExpBackward0",
  log: "LogBackward0",
  tanh: "TanhBackward0",
  relu: "ReluBackward0",
};

/** Bumped by each backward(): a tensor whose `visited` equals it has been ordered in this pass. */
let backwardPass = 0;

export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  private readonly elements: Storage;
  /** Set when the storage was made inside scope(): it is released when the scope ends. */
  private readonly lease: Lease | undefined;
  requiresGrad: boolean;
  grad: Tensor | null = null;
  /** The operation that made this tensor, when autograd recorded it. */
  gradFn: GradFn | null = null;
  /** backward()'s bookkeeping: the pass that last ordered this tensor, and the gradient gathered for it so far. */
  private visited = 0;
  private pending: Tensor | null = null;

  constructor(storage: Storage, shape: readonly number[], dtype: DType, requiresGrad = false) {
    if (storage.length !== numelOf(shape)) {
      throw new Error(
        `A tensor of shape [${shape.join(", ")}] needs ${numelOf(shape)} elements, not ${storage.length}.`,
      );
    }
    if (requiresGrad && !isFloating(dtype)) throw requiresGradError(dtype);
    this.elements = storage;
    this.lease = leaseOf(storage);
    this.shape = frozen(shape);
    this.dtype = dtype;
    this.requiresGrad = requiresGrad;
  }

  /** The elements, row-major. Shared by views of this tensor. */
  get storage(): Storage {
    if (this.lease?.ended)
      throw new Error(
        "This tensor was made inside scope() and its memory was given back when the scope ended: compute what you need inside the scope and return it (a number such as loss.item(), or the tensor itself, which scope() copies out).",
      );
    return this.elements;
  }

  get ndim(): number {
    return this.shape.length;
  }

  numel(): number {
    return this.storage.length;
  }

  /** `t.size()` prints like torch.Size([27, 27]); `t.size(0)` is one dimension. */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    if (dim === undefined) return new Size(this.shape);
    return this.shape[this.dim(dim)]!;
  }

  /** A dimension, counting from the end when negative. */
  private dim(d: number): number {
    const n = this.ndim;
    if (d < -n || d >= Math.max(n, 1))
      throw new Error(
        `Dimension ${d} is out of range for a tensor of ${n} dimension${n === 1 ? "" : "s"} (shape [${this.shape.join(", ")}]).`,
      );
    return d < 0 ? d + n : d;
  }

  // ——— autograd bookkeeping ———

  /**
   * A new tensor from an operation on `inputs`; when autograd is on and an input requires grad,
   * it records `backward` (how the output's gradient reaches the inputs) under `name`.
   */
  private static result(
    storage: Storage,
    shape: readonly number[],
    dtype: DType,
    inputs: readonly Tensor[],
    name: string,
    backward: (grad: Tensor) => (Tensor | null)[],
  ): Tensor {
    const out = new Tensor(storage, shape, dtype);
    if (gradEnabled && isFloating(dtype)) {
      let needed = false;
      for (let i = 0; i < inputs.length; i++) if (inputs[i]!.requiresGrad) needed = true;
      if (needed) {
        out.requiresGrad = true;
        out.gradFn = { name, inputs, backward };
      }
    }
    return out;
  }

  /**
   * A gradient for this tensor, as a backward step returns it: fresh storage of this tensor's
   * shape (zeroed unless the kernel writes all of it), filled by `fill`.
   */
  private gradient(fill: (dx: Storage) => void, zeroed = true): Tensor[] {
    const dx = allocate(this.dtype, this.numel(), zeroed);
    fill(dx);
    return [new Tensor(dx, this.shape, this.dtype)];
  }

  requiresGrad_(flag = true): this {
    if (flag && !isFloating(this.dtype)) throw requiresGradError(this.dtype);
    this.requiresGrad = flag;
    return this;
  }

  /** The same storage, outside the graph: in-place changes to it are not recorded. */
  get data(): Tensor {
    return new Tensor(this.storage, this.shape, this.dtype);
  }

  detach(): Tensor {
    return this.data;
  }

  /**
   * Fills in `.grad` of every tensor this one was computed from that requires a gradient.
   * Gradients accumulate (in place) across calls, as in PyTorch: set `p.grad = null` between
   * steps. Each leaf's `.grad` is a tensor of its own, never shared with another leaf or with
   * the `gradient` passed in.
   */
  backward(gradient?: Tensor): void {
    if (!this.requiresGrad)
      throw new Error(
        "backward() needs a tensor that requires grad: did you create the parameters with { requiresGrad: true }?",
      );
    if (gradient === undefined && this.numel() !== 1) {
      throw new Error(
        `backward() without an argument needs a single number (a loss), but this tensor has shape [${this.shape.join(", ")}].`,
      );
    }
    if (gradient !== undefined && !sameShape(gradient.shape, this.shape))
      throw new Error(
        `backward(gradient) needs a gradient of this tensor's shape [${this.shape.join(", ")}], not [${gradient.shape.join(", ")}].`,
      );
    // The caller's gradient is copied (in this tensor's dtype, as PyTorch casts it): the
    // gradients below are then all owned by the pass, so they can be kept and added to in place.
    const seed =
      gradient === undefined
        ? new Tensor(allocate(this.dtype, 1).fill(1), this.shape, this.dtype)
        : gradient.copyAs(this.dtype);
    // Order the graph so each tensor comes after its inputs (iteratively: graphs can be deep).
    const pass = ++backwardPass;
    const order: Tensor[] = [];
    const nodes: Tensor[] = [this];
    const next: number[] = [0];
    this.visited = pass;
    while (nodes.length > 0) {
      const top = nodes[nodes.length - 1]!;
      const inputs = top.gradFn?.inputs;
      const k = next[next.length - 1]!;
      if (inputs && k < inputs.length) {
        next[next.length - 1] = k + 1;
        const input = inputs[k]!;
        if (input.requiresGrad && input.visited !== pass) {
          input.visited = pass;
          nodes.push(input);
          next.push(0);
        }
      } else {
        // A leaf whose .grad is a previous scope's (its memory given back): say so now,
        // before any gradient has been added anywhere.
        if (top.gradFn === null && top.grad?.lease?.ended)
          throw new Error(
            "A parameter's .grad is left over from an earlier step, made inside a scope() that has ended (its memory is gone), and this backward() would add to it: set p.grad = null for every parameter before loss.backward(), as the lecture does each step.",
          );
        order.push(top);
        nodes.pop();
        next.pop();
      }
    }
    // Each tensor's gradient is gathered in `pending` until its turn comes; it is cleared in
    // every case, so a failed pass leaves nothing behind. A pending gradient belongs to its
    // tensor alone (a gradient handed to two inputs, as add's is, is copied for the second),
    // so it may be added to in place and become a leaf's .grad as it is.
    this.pending = seed;
    const previous = gradEnabled;
    gradEnabled = false;
    try {
      for (let i = order.length - 1; i >= 0; i--) {
        const node = order[i]!;
        const grad = node.pending;
        if (!grad) continue;
        node.pending = null;
        const fn = node.gradFn;
        if (!fn) {
          const existing = node.grad;
          if (existing === null) node.grad = grad;
          else if (!addInto(existing, grad)) node.grad = existing.add(grad);
          continue;
        }
        const inputGrads = fn.backward(grad);
        for (let k = 0; k < fn.inputs.length; k++) {
          const input = fn.inputs[k]!;
          let g = inputGrads[k];
          if (!g || !input.requiresGrad) continue;
          if (input.pending) {
            if (!addInto(input.pending, g)) input.pending = input.pending.add(g);
            continue;
          }
          // Kept as it is, unless an earlier input of this step was handed the same storage.
          for (let j = 0; j < k; j++) {
            const other = inputGrads[j];
            if (other && other.elements === g.elements && fn.inputs[j]!.requiresGrad) {
              g = g.copyAs(g.dtype);
              break;
            }
          }
          input.pending = g;
        }
      }
    } finally {
      gradEnabled = previous;
      for (const node of order) node.pending = null;
    }
  }

  /** A copy of this tensor's elements in `dtype`, outside the graph. */
  private copyAs(dtype: DType): Tensor {
    const out = allocate(dtype, this.numel(), false);
    kernels.convert(this.storage, out);
    return new Tensor(out, this.shape, dtype);
  }

  // ——— elementwise arithmetic, with broadcasting ———

  private binaryOp(op: BinaryOp, other: Operand): Tensor {
    const b = typeof other === "number" ? other : other;
    const bTensor = typeof b === "number" ? null : b;
    const dtype = bTensor
      ? resultType(this.dtype, bTensor.dtype)
      : resultType(
          this.dtype,
          Number.isInteger(b) && !(op === "div") && !(op === "pow" && (b as number) < 0)
            ? "number-int"
            : "number-float",
        );
    const finalType = op === "div" && !isFloating(dtype) ? "float32" : dtype;
    const bStorage = bTensor ? bTensor.storage : scalar(b as number);
    const bShape = bTensor ? bTensor.shape : noDimensions;
    const shape = binaryResultShape(this.shape, bShape);
    const out = allocate(finalType, numelOf(shape), false);
    kernels.binary(op, this.storage, this.shape, bStorage, bShape, out, shape);
    const inputs = bTensor ? [this, bTensor] : [this];
    return Tensor.result(out, shape, finalType, inputs, backwardNames[op], (g) =>
      binaryBackward(op, this, b, g, out, shape),
    );
  }

  add(other: Operand): Tensor {
    return this.binaryOp("add", other);
  }
  sub(other: Operand): Tensor {
    return this.binaryOp("sub", other);
  }
  mul(other: Operand): Tensor {
    return this.binaryOp("mul", other);
  }
  div(other: Operand): Tensor {
    return this.binaryOp("div", other);
  }
  pow(exponent: Operand): Tensor {
    return this.binaryOp("pow", exponent);
  }

  private unaryOp(op: UnaryOp): Tensor {
    const dtype = op === "neg" || op === "relu" || isFloating(this.dtype) ? this.dtype : "float32";
    const out = allocate(dtype, this.numel(), false);
    kernels.unary(op, this.storage, out);
    return Tensor.result(out, this.shape, dtype, [this], backwardNames[op], (g) =>
      this.gradient((dx) => kernels.unaryBackward(op, this.storage, out, g.storage, dx), false),
    );
  }

  neg(): Tensor {
    return this.unaryOp("neg");
  }
  exp(): Tensor {
    return this.unaryOp("exp");
  }
  log(): Tensor {
    return this.unaryOp("log");
  }
  tanh(): Tensor {
    return this.unaryOp("tanh");
  }
  relu(): Tensor {
    return this.unaryOp("relu");
  }

  // ——— in place (never recorded by autograd: use them on `.data`, inside noGrad(), or on tensors without gradients) ———

  /**
   * In grad mode, refuses an in-place change autograd would not see: to a leaf that requires
   * grad (as PyTorch refuses), or to a tensor autograd recorded, whose backward step would
   * then read the changed values (PyTorch tracks that; here it is an error, and the fix is
   * a new tensor). `call` names the operation, `instead` is what to write.
   */
  private checkInPlace(call: string, instead: string): void {
    if (!gradEnabled || !this.requiresGrad) return;
    if (this.gradFn === null)
      throw new Error(
        `${call} would change a leaf tensor that requires grad, which autograd cannot record (PyTorch: "a leaf Variable that requires grad is being used in an in-place operation"): change p.data instead (p.data.${call === "zero_()" ? call : call.replace("()", "(...)")}), or work inside noGrad().`,
      );
    throw new Error(
      `${call} would change a tensor that autograd recorded (grad_fn=<${this.gradFn.name}>), so backward() would read the changed values and give wrong gradients: make a new tensor instead, ${instead}.`,
    );
  }

  private inPlace(op: BinaryOp, other: Operand): this {
    this.checkInPlace(`${op}_()`, `h = h.${op}(...) rather than h.${op}_(...)`);
    const bStorage = typeof other === "number" ? scalar(other) : other.storage;
    const bShape = typeof other === "number" ? noDimensions : other.shape;
    // The result must fit this tensor's dtype: a float result does not go into integers.
    const dtype =
      typeof other === "number"
        ? resultType(this.dtype, Number.isInteger(other) ? "number-int" : "number-float")
        : resultType(this.dtype, other.dtype);
    if (!isFloating(this.dtype) && (op === "div" || isFloating(dtype))) {
      const kind = op === "div" && !isFloating(dtype) ? "float32" : dtype;
      throw new Error(
        `${op}_() gives a ${kind} result, which this ${this.dtype} tensor cannot hold (PyTorch refuses it too: "result type ${torchNames[kind]} can't be cast to the desired output type ${torchNames[this.dtype]}"): call .float() first (N = N.float(), then N.${op}_(...)), or write N.${op}(...) for a new float tensor.`,
      );
    }
    const shape = binaryResultShape(this.shape, bShape);
    if (shape.length !== this.ndim || shape.some((s, i) => s !== this.shape[i])) {
      throw new Error(
        `An in-place result must keep the tensor's shape [${this.shape.join(", ")}], but broadcasting with [${bShape.join(", ")}] gives [${shape.join(", ")}].`,
      );
    }
    kernels.binary(op, this.storage, this.shape, bStorage, bShape, this.storage, this.shape);
    return this;
  }

  add_(other: Operand): this {
    return this.inPlace("add", other);
  }
  sub_(other: Operand): this {
    return this.inPlace("sub", other);
  }
  mul_(other: Operand): this {
    return this.inPlace("mul", other);
  }
  div_(other: Operand): this {
    return this.inPlace("div", other);
  }
  fill_(value: number): this {
    this.checkInPlace("fill_()", "h = full(h.shape, value)");
    this.storage.fill(value);
    return this;
  }
  zero_(): this {
    this.checkInPlace("zero_()", "h = zeros(h.shape)");
    this.storage.fill(0);
    return this;
  }

  // ——— reductions ———

  private split(dim: number): [number, number, number] {
    const d = this.dim(dim);
    const outer = numelOf(this.shape.slice(0, d));
    const inner = numelOf(this.shape.slice(d + 1));
    return [outer, this.shape[d]!, inner];
  }

  private reducedShape(dim: number, keepdim: boolean): number[] {
    const d = this.dim(dim);
    return keepdim
      ? this.shape.map((s, i) => (i === d ? 1 : s))
      : this.shape.filter((_, i) => i !== d);
  }

  /** The sum of all elements, or over `dim` (keeping it as size 1 when `keepdim`). */
  sum(dim?: number, keepdim = false): Tensor {
    return this.reduce("Sum", dim, keepdim, 1);
  }

  mean(dim?: number, keepdim = false): Tensor {
    const count = dim === undefined ? this.numel() : this.shape[this.dim(dim)]!;
    return this.reduce("Mean", dim, keepdim, 1 / count);
  }

  /**
   * The variance over all elements or over `dim`, with Bessel's correction by default (divide
   * by n - 1, as torch.var does); `correction = 0` divides by n. Built from the ops above, so
   * autograd comes for free.
   */
  var(dim?: number, keepdim = false, correction = 1): Tensor {
    const count = dim === undefined ? this.numel() : this.shape[this.dim(dim)]!;
    const centred = this.sub(this.mean(dim, true));
    return centred
      .mul(centred)
      .sum(dim, keepdim)
      .div(Math.max(0, count - correction));
  }

  /** The standard deviation: the square root of var(dim, keepdim, correction). */
  std(dim?: number, keepdim = false, correction = 1): Tensor {
    return this.var(dim, keepdim, correction).pow(0.5);
  }

  private reduce(name: string, dim: number | undefined, keepdim: boolean, factor: number): Tensor {
    const [outer, size, inner] = dim === undefined ? [1, this.numel(), 1] : this.split(dim);
    const shape = dim === undefined ? [] : this.reducedShape(dim, keepdim);
    const dtype =
      name === "Mean" && !isFloating(this.dtype)
        ? "float32"
        : this.dtype === "int32" && name === "Sum"
          ? "int64"
          : this.dtype;
    const out = allocate(dtype, outer * inner);
    kernels.sumDim(this.storage, outer, size, inner, out);
    if (factor !== 1) kernels.scale(out, factor, out);
    return Tensor.result(
      out,
      shape,
      dtype,
      [this],
      `${name}Backward${dim === undefined ? 0 : 1}`,
      (g) => this.gradient((dx) => kernels.expandDim(g.storage, outer, size, inner, dx, factor)),
    );
  }

  /** `t.max()` is the largest element; `t.max(dim)` gives { values, indices } over that dimension. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): { values: Tensor; indices: Tensor };
  max(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    const [outer, size, inner] = dim === undefined ? [1, this.numel(), 1] : this.split(dim);
    if (size === 0) throw new Error("max() of an empty tensor has no value.");
    const shape = dim === undefined ? [] : this.reducedShape(dim, keepdim);
    const values = allocate(this.dtype, outer * inner);
    const indices = new Int32Array(outer * inner);
    kernels.maxDim(this.storage, outer, size, inner, values, indices);
    // Over all elements the gradient is shared evenly by tied maxima (as PyTorch's
    // MaxBackward1); over a dimension it goes to the index returned (MaxBackward0).
    if (dim === undefined)
      return Tensor.result(values, shape, this.dtype, [this], "MaxBackward1", (g) =>
        this.gradient(
          (dx) => kernels.evenlyToMaxima(this.storage, values[0]!, g.storage[0]!, dx),
          false,
        ),
      );
    const result = Tensor.result(values, shape, this.dtype, [this], "MaxBackward0", (g) =>
      this.gradient((dx) => kernels.maxDimBackward(g.storage, indices, outer, size, inner, dx)),
    );
    return { values: result, indices: new Tensor(indices, shape, "int64") };
  }

  /** Indices of the largest element along `dim`. */
  argmax(dim: number, keepdim = false): Tensor {
    return this.max(dim, keepdim).indices;
  }

  // ——— shape ———

  /** The same elements in another shape, sharing storage; one dimension may be -1 (inferred). */
  view(...shape: (number | readonly number[])[]): Tensor {
    const dims = (shape.some((d) => typeof d !== "number") ? shape.flat() : shape) as number[];
    let minusOnes = 0;
    for (const d of dims) {
      if (d === -1) minusOnes++;
      else if (!Number.isInteger(d) || d < 0)
        throw new Error(
          `view() and reshape() take whole sizes of 0 or more (and at most one -1, inferred), not [${dims.join(", ")}].`,
        );
    }
    if (minusOnes > 1)
      throw new Error(
        `Only one dimension can be inferred (-1) in view() and reshape(), not ${minusOnes} as in [${dims.join(", ")}].`,
      );
    const inferred = dims.indexOf(-1);
    let known = 1;
    for (const d of dims) if (d !== -1) known *= d;
    const resolved = dims.slice();
    if (inferred >= 0) {
      if (known === 0 || this.numel() % known !== 0)
        throw new Error(
          `Shape [${dims.join(", ")}] is invalid for a tensor of ${this.numel()} elements.`,
        );
      resolved[inferred] = this.numel() / known;
    }
    if (numelOf(resolved) !== this.numel())
      throw new Error(
        `Shape [${dims.join(", ")}] is invalid for a tensor of ${this.numel()} elements (shape [${this.shape.join(", ")}]).`,
      );
    return Tensor.result(
      this.storage,
      Object.freeze(resolved),
      this.dtype,
      [this],
      "ViewBackward0",
      (g) => [new Tensor(g.storage, this.shape, g.dtype)],
    );
  }

  reshape(...shape: (number | readonly number[])[]): Tensor {
    return this.view(...shape);
  }

  /** The transpose of a 2-D tensor (a copy; PyTorch's is a view, with the same values). */
  get T(): Tensor {
    if (this.ndim !== 2)
      throw new Error(`.T here is for 2-D tensors; this one has shape [${this.shape.join(", ")}].`);
    const [m, n] = this.shape as [number, number];
    const out = allocate(this.dtype, this.numel());
    kernels.transpose(this.storage, out, m, n);
    return Tensor.result(out, [n, m], this.dtype, [this], "TBackward0", (g) =>
      this.gradient((dx) => kernels.transpose(g.storage, dx, n, m)),
    );
  }

  transpose(): Tensor {
    return this.T;
  }

  // ——— matrix product ———

  /** Matrix product of 2-D tensors (m×k)·(k×n); a 1-D right side is treated as a column. */
  matmul(other: Tensor): Tensor {
    if (this.ndim !== 2 || (other.ndim !== 2 && other.ndim !== 1)) {
      throw new Error(
        `matmul here multiplies a 2-D tensor by a 2-D or 1-D one, not shapes [${this.shape.join(", ")}] and [${other.shape.join(", ")}].`,
      );
    }
    const [m, k] = this.shape as [number, number];
    const n = other.ndim === 2 ? other.shape[1]! : 1;
    if (other.shape[0] !== k) {
      throw new Error(
        `mat1 and mat2 shapes cannot be multiplied (${m}x${k} and ${other.shape.join("x")}): the inner sizes ${k} and ${other.shape[0]} must match.`,
      );
    }
    // PyTorch's mm does not promote; here an integer side (one-hot rows left as integers) is
    // refused and says which conversion to use, while float32 with float64 gives float64.
    if (this.dtype !== other.dtype && !(isFloating(this.dtype) && isFloating(other.dtype))) {
      const target = isFloating(this.dtype)
        ? this.dtype
        : isFloating(other.dtype)
          ? other.dtype
          : resultType(this.dtype, other.dtype);
      throw new Error(
        `matmul expected both operands to have the same dtype, but got ${this.dtype} and ${other.dtype}: convert with ${conversions[target]}.`,
      );
    }
    const dtype = resultType(this.dtype, other.dtype);
    const out = allocate(dtype, m * n, false);
    kernels.matmul(this.storage, other.storage, out, m, k, n);
    const b = other;
    return Tensor.result(
      out,
      Object.freeze(other.ndim === 2 ? [m, n] : [m]),
      dtype,
      [this, b],
      "MmBackward0",
      (g) => {
        // Fresh gradients: the kernels write them whole, so they need not be zeroed first.
        const da = this.requiresGrad ? allocate(this.dtype, this.numel(), false) : null;
        const db = b.requiresGrad ? allocate(b.dtype, b.numel(), false) : null;
        if (da) kernels.matmulTransposeB(g.storage, b.storage, da, m, n, k, false);
        if (db) kernels.matmulTransposeA(this.storage, g.storage, db, m, k, n, false);
        return [
          da && new Tensor(da, this.shape, this.dtype),
          db && new Tensor(db, b.shape, b.dtype),
        ];
      },
    );
  }

  // ——— indexing ———

  /**
   * `C.index(X)` is PyTorch's `C[X]`: rows of C picked by the integers in X (any shape), giving
   * shape [...X.shape, ...C.shape.slice(1)]. `P.index(rows, cols)` is `P[rows, cols]`: one
   * element per pair.
   */
  index(rows: Tensor | readonly number[] | number, cols?: Tensor | readonly number[]): Tensor {
    if (this.ndim === 0)
      throw new Error(
        "index() picks rows, but this tensor has no dimensions (it is one number): use .item().",
      );
    if (cols !== undefined && this.ndim !== 2)
      throw new Error(
        `Indexing with a pair of index lists needs a 2-D tensor, not shape [${this.shape.join(", ")}].`,
      );
    const [indices, rowShape] = indexStorage(rows, this.shape[0]!, "rows");
    if (cols !== undefined)
      return this.indexPairs(indices, rowShape, indexStorage(cols, this.shape[1]!, "columns"));
    const width = numelOf(this.shape.slice(1));
    const shape = Object.freeze([...rowShape, ...this.shape.slice(1)]);
    const out = allocate(this.dtype, indices.length * width, false);
    kernels.gatherRows(this.storage, indices, width, out);
    return Tensor.result(out, shape, this.dtype, [this], "IndexBackward0", (g) =>
      this.gradient((dx) => kernels.scatterAddRows(g.storage, indices, width, dx)),
    );
  }

  private indexPairs(
    rows: Int32Array,
    rowShape: readonly number[],
    [cols, colShape]: [Int32Array, readonly number[]],
  ): Tensor {
    const shape = broadcastShapes(rowShape, colShape);
    const n = numelOf(shape);
    const width = this.shape[1]!;
    const flat = allocateInt32(n, false);
    kernels.flatPairIndices(rows, rowShape, cols, colShape, shape, width, flat);
    const out = allocate(this.dtype, n);
    kernels.gatherRows(this.storage, flat, 1, out);
    return Tensor.result(out, shape, this.dtype, [this], "IndexBackward0", (g) =>
      this.gradient((dx) => kernels.scatterAddRows(g.storage, flat, 1, dx)),
    );
  }

  /** One element as a number: `N.get(1, 2)` is `N[1, 2].item()`. */
  get(...index: number[]): number {
    return this.storage[this.flatIndex(index)]!;
  }

  /** Sets one element: `N.set(N.get(i, j) + 1, i, j)` is `N[i, j] += 1`. */
  set(value: number, ...index: number[]): void {
    this.checkInPlace("set()", "build the numbers first and make a tensor of them");
    this.storage[this.flatIndex(index)] = value;
  }

  private flatIndex(index: readonly number[]): number {
    if (index.length !== this.ndim)
      throw new Error(
        `This tensor has ${this.ndim} dimension${this.ndim === 1 ? "" : "s"}, so it needs ${this.ndim} indices, not ${index.length}.`,
      );
    let flat = 0;
    index.forEach((i, d) => {
      const size = this.shape[d]!;
      const j = i < 0 ? i + size : i;
      if (!Number.isInteger(j) || j < 0 || j >= size)
        throw new Error(`Index ${i} is out of bounds for dimension ${d} with size ${size}.`);
      flat = flat * size + j;
    });
    return flat;
  }

  // ——— softmax ———

  /** Softmax over `dim` (the last dimension, as the lectures use it), stable. */
  softmax(dim = -1): Tensor {
    const d = this.dim(dim);
    if (d !== this.ndim - 1)
      throw new Error("softmax here works over the last dimension (dim=1 for a 2-D tensor).");
    const width = this.shape[d]!;
    const dtype = isFloating(this.dtype) ? this.dtype : "float32";
    const out = allocate(dtype, this.numel());
    kernels.softmaxRows(this.storage, width, out);
    return Tensor.result(out, this.shape, dtype, [this], "SoftmaxBackward0", (g) =>
      this.gradient((dx) => kernels.softmaxRowsBackward(out, g.storage, width, dx)),
    );
  }

  // ——— conversion ———

  to(dtype: DType): Tensor {
    if (dtype === this.dtype) return this;
    const out = allocate(dtype, this.numel());
    kernels.convert(this.storage, out);
    return Tensor.result(out, this.shape, dtype, [this], "ToCopyBackward0", (g) => [
      g.to(this.dtype),
    ]);
  }

  float(): Tensor {
    return this.to("float32");
  }
  double(): Tensor {
    return this.to("float64");
  }
  long(): Tensor {
    return this.to("int64");
  }
  int(): Tensor {
    return this.to("int32");
  }

  /** The single element of a one-element tensor, as a number. */
  item(): number {
    if (this.numel() !== 1)
      throw new Error(
        `item() needs a tensor with one element, but this one has ${this.numel()} (shape [${this.shape.join(", ")}]).`,
      );
    return this.storage[0]!;
  }

  /** Nested arrays of numbers. */
  tolist(): NestedNumbers {
    const build = (d: number, offset: number): NestedNumbers => {
      if (d === this.ndim) return this.storage[offset]!;
      const stride = numelOf(this.shape.slice(d + 1));
      return Array.from({ length: this.shape[d]! }, (_, i) => build(d + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  toString(): string {
    return formatTensor(this);
  }

  /** What scope() returns for this tensor: a copy (without the graph) when the scope made it. */
  [outliveScope](lease: Lease): Tensor {
    if (this.lease !== lease) return this;
    const copy = allocate(this.dtype, this.numel(), false);
    copy.set(this.storage);
    return new Tensor(copy, this.shape, this.dtype);
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * The integers of an index (a number, a list or an integer tensor) checked against `size` in
 * one pass, with their shape; negative ones count from the end, as in PyTorch (a copy is made
 * only when there are some, so an index tensor's own storage is used as it is).
 */
function indexStorage(
  index: Tensor | readonly number[] | number,
  size: number,
  what: string,
): [Int32Array, readonly number[]] {
  let values: Storage;
  let shape: readonly number[];
  if (index instanceof Tensor) {
    if (isFloating(index.dtype))
      throw new Error(
        `Indices must be integers (int64), but the ${what} are ${index.dtype}: use .long() (C.index(X.long())).`,
      );
    values = index.storage;
    shape = index.shape;
  } else {
    const list = typeof index === "number" ? [index] : index;
    for (let i = 0; i < list.length; i++)
      if (!Number.isInteger(list[i]))
        throw new Error(
          `Indices must be integers (int64), but the ${what} include ${list[i]}: use whole numbers (Math.floor, or .long() for a tensor).`,
        );
    values = Int32Array.from(list);
    shape = typeof index === "number" ? noDimensions : [list.length];
  }
  let wrapped: Int32Array | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= 0 && v < size) continue;
    if (v < -size || v >= size)
      throw new Error(
        `Index ${v} is out of range for the ${what}, whose size is ${size} (indices go from ${-size} to ${size - 1}).`,
      );
    if (!wrapped) {
      wrapped = allocateInt32(values.length, false);
      wrapped.set(values);
    }
    wrapped[i] = v + size;
  }
  return [wrapped ?? (values as Int32Array), shape];
}

/** Sums a gradient of a broadcast result back to the shape of the input it came from. */
function reduceTo(g: Tensor, shape: readonly number[], dtype: DType): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i]))
    return g.dtype === dtype ? g : g.to(dtype);
  const out = allocate(dtype, numelOf(shape));
  kernels.sumToShape(g.storage, g.shape, out, shape);
  return new Tensor(out, shape, dtype);
}

function binaryBackward(
  op: BinaryOp,
  a: Tensor,
  b: Tensor | number,
  g: Tensor,
  out: Storage,
  outShape: readonly number[],
): (Tensor | null)[] {
  const bt = typeof b === "number" ? null : b;
  const bv: Operand = b;
  const result = new Tensor(out, outShape, g.dtype);
  let ga: Tensor | null = null;
  let gb: Tensor | null = null;
  switch (op) {
    case "add":
      ga = g;
      gb = g;
      break;
    case "sub":
      ga = g;
      gb = bt?.requiresGrad ? g.neg() : null;
      break;
    case "mul":
      ga = a.requiresGrad ? g.mul(bv) : null;
      gb = bt?.requiresGrad ? g.mul(a) : null;
      break;
    case "div":
      ga = a.requiresGrad ? g.div(bv) : null;
      gb = bt?.requiresGrad ? g.mul(a).div(bt.mul(bt)).neg() : null;
      break;
    case "pow":
      ga = a.requiresGrad
        ? g.mul(bv).mul(a.pow(typeof bv === "number" ? bv - 1 : bv.sub(1)))
        : null;
      gb = bt?.requiresGrad ? g.mul(result).mul(a.log()) : null;
      break;
  }
  return [
    a.requiresGrad && ga ? reduceTo(ga, a.shape, a.dtype) : null,
    bt?.requiresGrad && gb ? reduceTo(gb, bt.shape, bt.dtype) : null,
  ];
}
