/**
 * The lecture's exercise E01, written with records built from a table of shapes, differences
 * measured as a largest absolute change, and the prediction as a recursion over the steps.
 */
import type { MlpParameters, MlpSizes } from "#reference/makemore/model.ts";
import { mlpLoss } from "#reference/makemore/model.ts";
import { noGrad, type Tensor, zeros } from "#reference/tensor/index.ts";

export type ParameterName = "C" | "W1" | "b1" | "W2" | "b2";

const order: readonly ParameterName[] = ["C", "W1", "b1", "W2", "b2"];

export function zeroMlp(sizes: MlpSizes): MlpParameters {
  const { vocabSize: V, blockSize: B, embedding: E, hidden: H } = sizes;
  const shapes: Record<ParameterName, number[]> = {
    C: [V, E],
    W1: [B * E, H],
    b1: [H],
    W2: [H, V],
    b2: [V],
  };
  const [C, W1, b1, W2, b2] = order.map((name) => zeros(shapes[name], { requiresGrad: true }));
  return { C: C!, W1: W1!, b1: b1!, W2: W2!, b2: b2! };
}

/** Whether any entry of t is not zero: its largest magnitude is above zero. */
const anyNonZero = (t: Tensor): boolean => t.abs().max().item() > 0;

export function nonZeroGradients(p: MlpParameters, X: Tensor, Y: Tensor): ParameterName[] {
  for (const name of order) p[name].grad = null;
  mlpLoss(p, X, Y).backward();
  return noGrad(() => order.filter((name) => anyNonZero(p[name].grad!)));
}

export function movedAfter(
  p: MlpParameters,
  X: Tensor,
  Y: Tensor,
  steps: number,
  lr: number,
): ParameterName[] {
  const before = noGrad(() => order.map((name) => p[name].clone()));
  for (let step = 0; step < steps; step++) {
    for (const name of order) p[name].grad = null;
    mlpLoss(p, X, Y).backward();
    noGrad(() => {
      for (const name of order) p[name].sub_(p[name].grad!.mul(lr));
    });
  }
  return noGrad(() => order.filter((name, k) => anyNonZero(p[name].sub(before[k]!))));
}

/** Which parameters get a gradient while those in nonZero are non-zero. */
function learning(nonZero: ReadonlySet<ParameterName>): ParameterName[] {
  const is = (name: ParameterName) => nonZero.has(name);
  const h = is("b1") || (is("C") && is("W1"));
  return order.filter(
    (name) =>
      ({
        b2: true,
        W2: h,
        b1: is("W2"),
        W1: is("W2") && is("C"),
        C: is("W2") && is("W1"),
      })[name],
  );
}

/** The parameters moved in `steps` more steps from nonZero, added to those already moved. */
function moves(
  nonZero: ReadonlySet<ParameterName>,
  moved: ReadonlySet<ParameterName>,
  steps: number,
): ReadonlySet<ParameterName> {
  if (steps === 0) return moved;
  const now = learning(nonZero);
  return moves(new Set([...nonZero, ...now]), new Set([...moved, ...now]), steps - 1);
}

export function predictMoved(zero: readonly ParameterName[], steps: number): ParameterName[] {
  const start = new Set(order.filter((name) => !zero.includes(name)));
  const moved = moves(start, new Set(), steps);
  return order.filter((name) => moved.has(name));
}
