/** E01 with the kit's optimiser and tensor masks. */
import { type MlpParameters, type MlpSizes, mlpLoss } from "#reference/makemore/model.ts";
import { optim, type Tensor, zeros } from "#reference/tensor/index.ts";

export type ParameterName = "C" | "W1" | "b1" | "W2" | "b2";

const order: ParameterName[] = ["C", "W1", "b1", "W2", "b2"];

const hasNonZero = (t: Tensor) => t.ne(0).sum().item() > 0;

export function zeroMlp(sizes: MlpSizes): MlpParameters {
  const { vocabSize, blockSize, embedding, hidden } = sizes;
  return {
    C: zeros([vocabSize, embedding], { requiresGrad: true }),
    W1: zeros([blockSize * embedding, hidden], { requiresGrad: true }),
    b1: zeros([hidden], { requiresGrad: true }),
    W2: zeros([hidden, vocabSize], { requiresGrad: true }),
    b2: zeros([vocabSize], { requiresGrad: true }),
  };
}

export function nonZeroGradients(p: MlpParameters, X: Tensor, Y: Tensor): ParameterName[] {
  for (const name of order) p[name].grad = null;
  mlpLoss(p, X, Y).backward();
  return order.filter((name) => p[name].grad !== null && hasNonZero(p[name].grad!));
}

export function movedAfter(
  p: MlpParameters,
  X: Tensor,
  Y: Tensor,
  steps: number,
  lr: number,
): ParameterName[] {
  const start = order.map((name) => p[name].detach().clone());
  const optimizer = new optim.SGD(
    order.map((name) => p[name]),
    { lr },
  );
  for (let step = 0; step < steps; step++) {
    optimizer.zeroGrad();
    mlpLoss(p, X, Y).backward();
    optimizer.step();
  }
  return order.filter((name, k) => hasNonZero(p[name].detach().sub(start[k]!)));
}

/** Which parameters get a non-zero gradient, given which are non-zero now. */
function learning(nonZero: ReadonlySet<ParameterName>): ParameterName[] {
  const h = nonZero.has("b1") || (nonZero.has("C") && nonZero.has("W1"));
  const dh = nonZero.has("W2");
  return order.filter((name) => {
    if (name === "b2") return true;
    if (name === "W2") return h;
    if (name === "b1") return dh;
    if (name === "W1") return dh && nonZero.has("C");
    return dh && nonZero.has("W1");
  });
}

export function predictMoved(zero: readonly ParameterName[], steps: number): ParameterName[] {
  const nonZero = new Set(order.filter((name) => !zero.includes(name)));
  const moved = new Set<ParameterName>();
  for (let step = 0; step < steps; step++)
    for (const name of learning(nonZero)) {
      moved.add(name);
      nonZero.add(name);
    }
  return order.filter((name) => moved.has(name));
}
