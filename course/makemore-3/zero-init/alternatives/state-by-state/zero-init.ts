/** E01, each step's state built from the last; the starting values kept as plain arrays. */
import { type MlpParameters, type MlpSizes, mlpLoss } from "#reference/makemore/model.ts";
import { noGrad, type Tensor, zeros } from "#reference/tensor/index.ts";

export type ParameterName = "C" | "W1" | "b1" | "W2" | "b2";

const order: ParameterName[] = ["C", "W1", "b1", "W2", "b2"];

export function zeroMlp(sizes: MlpSizes): MlpParameters {
  const zero = (...shape: number[]) => zeros(shape).requiresGrad_();
  return {
    C: zero(sizes.vocabSize, sizes.embedding),
    W1: zero(sizes.blockSize * sizes.embedding, sizes.hidden),
    b1: zero(sizes.hidden),
    W2: zero(sizes.hidden, sizes.vocabSize),
    b2: zero(sizes.vocabSize),
  };
}

export function nonZeroGradients(p: MlpParameters, X: Tensor, Y: Tensor): ParameterName[] {
  for (const name of order) p[name].grad = null;
  mlpLoss(p, X, Y).backward();
  const names: ParameterName[] = [];
  for (const name of order) {
    const grad = p[name].grad;
    if (grad && grad.abs().max().item() > 0) names.push(name);
  }
  return names;
}

export function movedAfter(
  p: MlpParameters,
  X: Tensor,
  Y: Tensor,
  steps: number,
  lr: number,
): ParameterName[] {
  const start = order.map((name) => Array.from(p[name].storage));
  for (let step = 0; step < steps; step++) {
    const loss = mlpLoss(p, X, Y);
    for (const name of order) p[name].grad = null;
    loss.backward();
    noGrad(() => {
      for (const name of order) p[name].sub_(p[name].grad!.mul(lr));
    });
  }
  return order.filter((name, k) => Array.from(p[name].storage).some((v, i) => v !== start[k]![i]));
}

export function predictMoved(zero: readonly ParameterName[], steps: number): ParameterName[] {
  let nonZero: ReadonlySet<ParameterName> = new Set(order.filter((name) => !zero.includes(name)));
  const everMoved = new Set<ParameterName>();
  for (let step = 0; step < steps; step++) {
    const has = (name: ParameterName) => nonZero.has(name);
    const hiddenIsZero = !has("b1") && !(has("C") && has("W1"));
    const learns = new Set<ParameterName>(["b2"]);
    if (!hiddenIsZero) learns.add("W2");
    if (has("W2")) {
      learns.add("b1");
      if (has("C")) learns.add("W1");
      if (has("W1")) learns.add("C");
    }
    for (const name of learns) everMoved.add(name);
    nonZero = new Set([...nonZero, ...learns]);
  }
  return order.filter((name) => everMoved.has(name));
}
