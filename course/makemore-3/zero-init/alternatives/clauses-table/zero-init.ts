/**
 * The lecture's exercise E01, with the gradient rules as data: each parameter's gradient is
 * non-zero when every parameter of one of its clauses is non-zero.
 */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { crossEntropy, type Tensor, zeros } from "#reference/tensor/index.ts";

export type ParameterName = "C" | "W1" | "b1" | "W2" | "b2";

const order: readonly ParameterName[] = ["C", "W1", "b1", "W2", "b2"];

export function zeroMlp(sizes: MlpSizes): MlpParameters {
  const zero = (...shape: number[]) => zeros(shape).requiresGrad_();
  const fanIn = sizes.blockSize * sizes.embedding;
  return {
    C: zero(sizes.vocabSize, sizes.embedding),
    W1: zero(fanIn, sizes.hidden),
    b1: zero(sizes.hidden),
    W2: zero(sizes.hidden, sizes.vocabSize),
    b2: zero(sizes.vocabSize),
  };
}

/** mlpLoss written out: the part 2 forward pass and cross-entropy. */
function loss(p: MlpParameters, X: Tensor, Y: Tensor): Tensor {
  const embcat = p.C.index(X).view(X.shape[0]!, -1);
  const h = embcat.matmul(p.W1).add(p.b1).tanh();
  return crossEntropy(h.matmul(p.W2).add(p.b2), Y);
}

/** Clears every gradient, then backward: each parameter's .grad is this loss's alone. */
function backward(p: MlpParameters, X: Tensor, Y: Tensor): void {
  for (const name of order) p[name].grad = null;
  loss(p, X, Y).backward();
}

/** A tensor's entries as a plain array, in order. */
const values = (t: Tensor): number[] => t.reshape(-1).tolist() as number[];

const hasNonZero = (t: Tensor): boolean => values(t).some((v) => v !== 0);

export function nonZeroGradients(p: MlpParameters, X: Tensor, Y: Tensor): ParameterName[] {
  backward(p, X, Y);
  return order.filter((name) => hasNonZero(p[name].grad!));
}

export function movedAfter(
  p: MlpParameters,
  X: Tensor,
  Y: Tensor,
  steps: number,
  lr: number,
): ParameterName[] {
  const before = order.map((name) => values(p[name]));
  for (let step = 0; step < steps; step++) {
    backward(p, X, Y);
    for (const name of order) p[name].data.add_(p[name].grad!.mul(-lr));
  }
  return order.filter((name, k) => values(p[name]).some((v, i) => v !== before[k]![i]));
}

/**
 * A parameter's gradient is non-zero when all of one clause's parameters are: b2 always; W2
 * when h is non-zero (b1, or C and W1); b1 when W2 is; W1 when W2 and C are; C when W2 and W1 are.
 */
const clauses: Record<ParameterName, readonly (readonly ParameterName[])[]> = {
  b2: [[]],
  W2: [["b1"], ["C", "W1"]],
  b1: [["W2"]],
  W1: [["W2", "C"]],
  C: [["W2", "W1"]],
};

export function predictMoved(zero: readonly ParameterName[], steps: number): ParameterName[] {
  const nonZero = new Set(order.filter((name) => !zero.includes(name)));
  const moved = new Set<ParameterName>();
  for (let step = 0; step < steps; step++) {
    // Decided from this step's non-zeros first, then all of them made non-zero together.
    const learning = order.filter((name) =>
      clauses[name].some((clause) => clause.every((other) => nonZero.has(other))),
    );
    for (const name of learning) {
      moved.add(name);
      nonZero.add(name);
    }
  }
  return order.filter((name) => moved.has(name));
}
