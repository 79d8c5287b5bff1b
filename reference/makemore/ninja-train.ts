/**
 * makemore part 4, the lecture's exercise 4: train the BatchNorm MLP with a backward pass written
 * by hand. Here: the compact forward pass the notebook trains with (each intermediate kept, since
 * the manual backward reads them), autograd's gradients to hold the manual ones against, the
 * training loop under no-grad, and the losses on whole splits after calibrating BatchNorm on the
 * training set. The manual backward itself is in ninja-backward.ts.
 */
import {
  crossEntropy,
  type Generator,
  noGrad,
  randint,
  scope,
  type Tensor,
} from "../tensor/index.ts";
import { type NinjaParameters, ninjaParameterList } from "./ninja-model.ts";

/** The forward pass's intermediates, named as in the notebook's exercise 4 (bnvar_inv is bnvarInv). */
export interface NinjaForward {
  readonly emb: Tensor;
  readonly embcat: Tensor;
  readonly hprebn: Tensor;
  readonly bnmean: Tensor;
  readonly bnvar: Tensor;
  readonly bnvarInv: Tensor;
  readonly bnraw: Tensor;
  readonly hpreact: Tensor;
  readonly h: Tensor;
  readonly logits: Tensor;
  readonly loss: Tensor;
}

/** One gradient per parameter, each the shape of its parameter. */
export type NinjaGradients = { readonly [K in keyof NinjaParameters]: Tensor };

/** The names of the parameters, in the notebook's order. */
export const ninjaParameterNames = ["C", "W1", "b1", "W2", "b2", "bngain", "bnbias"] as const;

/** BatchNorm's epsilon, inside the root as in the lecture. */
export const bnEpsilon = 1e-5;

/** The forward pass on a minibatch, written as the notebook's exercise 4 writes it. */
export function ninjaForward(p: NinjaParameters, Xb: Tensor, Yb: Tensor): NinjaForward {
  const emb = p.C.index(Xb); // (n, block, embedding)
  const embcat = emb.view(emb.shape[0]!, -1); // the block's embeddings side by side
  const hprebn = embcat.matmul(p.W1).add(p.b1);
  // BatchNorm over the batch, with Bessel's correction (n - 1) in the variance.
  const bnmean = hprebn.mean(0, true);
  const bnvar = hprebn.var(0, true, 1);
  const bnvarInv = bnvar.add(bnEpsilon).pow(-0.5);
  const bnraw = hprebn.sub(bnmean).mul(bnvarInv);
  const hpreact = bnraw.mul(p.bngain).add(p.bnbias); // bngain * bnraw, the batch first
  const h = hpreact.tanh();
  const logits = h.matmul(p.W2).add(p.b2);
  const loss = crossEntropy(logits, Yb);
  return { emb, embcat, hprebn, bnmean, bnvar, bnvarInv, bnraw, hpreact, h, logits, loss };
}

/** Autograd's gradients for one minibatch, as copies; the parameters' own .grad is left as it was. */
export function autogradGradients(p: NinjaParameters, Xb: Tensor, Yb: Tensor): NinjaGradients {
  const saved = ninjaParameterList(p).map((t) => t.grad);
  for (const t of ninjaParameterList(p)) t.grad = null;
  ninjaForward(p, Xb, Yb).loss.backward();
  const grads = Object.fromEntries(
    ninjaParameterNames.map((name) => [name, p[name].grad!.clone()]),
  ) as unknown as NinjaGradients;
  ninjaParameterList(p).forEach((t, i) => {
    t.grad = saved[i]!;
  });
  return grads;
}

/** The largest absolute difference of each gradient from another's, as the lecture's cmp's maxdiff. */
export function gradientMaxDiffs(
  a: NinjaGradients,
  b: NinjaGradients,
): Record<keyof NinjaParameters, number> {
  const entry = (name: keyof NinjaParameters) => {
    const x = a[name].storage;
    const y = b[name].storage;
    let most = 0;
    for (let i = 0; i < x.length; i++) most = Math.max(most, Math.abs(x[i]! - y[i]!));
    return [name, x.length === y.length ? most : Number.POSITIVE_INFINITY] as const;
  };
  return Object.fromEntries(ninjaParameterNames.map(entry)) as Record<
    keyof NinjaParameters,
    number
  >;
}

/** The notebook's schedule: 0.1, then 0.01 from step 100,000 on. */
export const ninjaLearningRate = (step: number): number => (step < 100_000 ? 0.1 : 0.01);

export interface NinjaTrainOptions {
  readonly steps: number;
  readonly batchSize?: number;
  readonly learningRate?: (step: number, steps: number) => number;
  /** The gradients of one minibatch from its forward pass: the manual backward, usually. */
  readonly backward: (
    p: NinjaParameters,
    f: NinjaForward,
    Xb: Tensor,
    Yb: Tensor,
  ) => NinjaGradients;
  /** Moves the parameters against their gradients, in place. */
  readonly update: (p: NinjaParameters, grads: NinjaGradients, learningRate: number) => void;
  /** Called every step with the minibatch loss; return a promise to let a progress bar redraw. */
  readonly onStep?: (step: number, loss: number, learningRate: number) => Promise<void> | undefined;
}

/**
 * Minibatch gradient descent under no-grad, with the gradients `backward` gives: nothing is
 * recorded for autograd, as in the notebook's `with torch.no_grad():`. Minibatches come from `g`
 * after the parameters, as the notebook draws them, so a seeded run repeats exactly.
 */
export async function trainNinja(
  p: NinjaParameters,
  X: Tensor,
  Y: Tensor,
  g: Generator,
  options: NinjaTrainOptions,
): Promise<number[]> {
  const batchSize = options.batchSize ?? 32;
  const rate = options.learningRate ?? ninjaLearningRate;
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const lr = rate(step, options.steps);
    // One step's temporaries live in a scope, so their memory is reused by the next step.
    const value = noGrad(() =>
      scope(() => {
        const ix = randint(0, X.shape[0]!, [batchSize], { generator: g });
        const Xb = X.index(ix);
        const Yb = Y.index(ix);
        const f = ninjaForward(p, Xb, Yb);
        options.update(p, options.backward(p, f, Xb, Yb), lr);
        return f.loss.item();
      }),
    );
    losses.push(value);
    const pending = options.onStep?.(step, value, lr);
    if (pending) await pending;
  }
  return losses;
}

/**
 * The same run with autograd's gradients (the notebook's `loss.backward()` and `p.grad`), to hold
 * a manual backward's run against: the same minibatches from `g`, the same updates.
 */
export async function trainNinjaWithAutograd(
  p: NinjaParameters,
  X: Tensor,
  Y: Tensor,
  g: Generator,
  options: Omit<NinjaTrainOptions, "backward" | "update">,
): Promise<number[]> {
  const batchSize = options.batchSize ?? 32;
  const rate = options.learningRate ?? ninjaLearningRate;
  const params = ninjaParameterList(p);
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const lr = rate(step, options.steps);
    const value = scope(() => {
      const ix = randint(0, X.shape[0]!, [batchSize], { generator: g });
      const loss = ninjaForward(p, X.index(ix), Y.index(ix)).loss;
      for (const t of params) t.grad = null;
      loss.backward();
      for (const t of params) t.data.add_(t.grad!.mul(-lr));
      return loss.item();
    });
    losses.push(value);
    const pending = options.onStep?.(step, value, lr);
    if (pending) await pending;
  }
  return losses;
}

/** The batch statistics BatchNorm uses after training: the mean and variance (n - 1) over a whole set. */
export function calibrateBatchNorm(
  p: NinjaParameters,
  X: Tensor,
): { readonly mean: Tensor; readonly var: Tensor } {
  return noGrad(() => {
    const emb = p.C.index(X);
    // In place (the same floats): over the whole training set each copy is 146 MB.
    const hpreact = emb.view(emb.shape[0]!, -1).matmul(p.W1).add_(p.b1);
    return { mean: hpreact.mean(0, true), var: hpreact.var(0, true, 1) };
  });
}

/** The loss on a whole split, BatchNorm using the calibrated statistics, as the notebook's split_loss. */
export function ninjaSplitLoss(
  p: NinjaParameters,
  stats: { readonly mean: Tensor; readonly var: Tensor },
  X: Tensor,
  Y: Tensor,
): number {
  return noGrad(() => {
    const emb = p.C.index(X);
    // bngain * (hpreact - mean) * (var + eps)^-0.5 + bnbias, step by step in place: the same
    // floats (x·g is g·x), without a 146 MB copy of the training set's activations at each step.
    const normalised = emb
      .view(emb.shape[0]!, -1)
      .matmul(p.W1)
      .add_(p.b1)
      .sub_(stats.mean)
      .mul_(p.bngain)
      .mul_(stats.var.add(bnEpsilon).pow(-0.5))
      .add_(p.bnbias);
    const logits = normalised.tanh().matmul(p.W2).add_(p.b2);
    return crossEntropy(logits, Y).item();
  });
}
