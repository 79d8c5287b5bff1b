/**
 * makemore part 3 ("Activations & Gradients, BatchNorm"): the part 2 MLP with the lecture's
 * fixed initialisation and a BatchNorm layer written by hand between the hidden layer's
 * pre-activation and its tanh. Training and the split losses are in batchnorm-train.ts; the
 * deeper torch.nn-like network is in batchnorm-deep.ts.
 */
import {
  crossEntropy,
  type Generator,
  noGrad,
  ones,
  randn,
  type Tensor,
  zeros,
} from "../tensor/index.ts";
import type { MlpSizes } from "./model.ts";

/** The lecture's sizes: block 3, embedding 10, hidden 200, so 12,097 parameters. */
export const batchNormSizes: MlpSizes = { vocabSize: 27, blockSize: 3, embedding: 10, hidden: 200 };

/** No b1: BatchNorm subtracts the batch mean, so a bias before it would only be subtracted again. */
export interface BatchNormMlpParameters {
  readonly C: Tensor;
  readonly W1: Tensor;
  readonly W2: Tensor;
  readonly b2: Tensor;
  readonly bngain: Tensor;
  readonly bnbias: Tensor;
}

/** Not learned by gradient: estimates of the mean and std over the whole training set. */
export interface RunningStatistics {
  readonly bnmeanRunning: Tensor;
  readonly bnstdRunning: Tensor;
}

export interface BatchNormMlp {
  readonly p: BatchNormMlpParameters;
  readonly running: RunningStatistics;
}

/**
 * The notebook's initialisation, every draw from `g` in its order: C; W1 scaled by Kaiming's
 * gain for tanh, (5/3)/√fan_in (two float32 operations, left to right, as Python evaluates
 * them), so the tanh is not saturated; W2 by 0.01 and b2 by 0, so the first logits are near
 * zero and the loss at initialisation is near −log(1/27) ≈ 3.2958. The gain is ones and the
 * bias zeros, so BatchNorm starts as a plain standardisation.
 */
export function initBatchNormMlp(sizes: MlpSizes, g: Generator): BatchNormMlp {
  const fanIn = sizes.embedding * sizes.blockSize;
  const C = randn([sizes.vocabSize, sizes.embedding], { generator: g });
  const W1 = randn([fanIn, sizes.hidden], { generator: g })
    .mul(5 / 3)
    .div(fanIn ** 0.5);
  const W2 = randn([sizes.hidden, sizes.vocabSize], { generator: g }).mul(0.01);
  const b2 = randn([sizes.vocabSize], { generator: g }).mul(0);
  const bngain = ones([1, sizes.hidden]);
  const bnbias = zeros([1, sizes.hidden]);
  const p = { C, W1, W2, b2, bngain, bnbias };
  for (const t of Object.values(p)) t.requiresGrad_(true);
  const running = {
    bnmeanRunning: zeros([1, sizes.hidden]),
    bnstdRunning: ones([1, sizes.hidden]),
  };
  return { p, running };
}

/** The parameters in the notebook's order: C, W1, W2, b2, bngain, bnbias. */
export function batchNormParameterList(p: BatchNormMlpParameters): Tensor[] {
  return [p.C, p.W1, p.W2, p.b2, p.bngain, p.bnbias];
}

/** Every step of the forward pass, kept so that the lecture's statistics can be read off them. */
export interface BatchNormForward {
  readonly hpreact: Tensor;
  readonly h: Tensor;
  readonly logits: Tensor;
}

/**
 * The forward pass for contexts X. Training: normalise with the batch's mean and (unbiased)
 * std, and move the running estimates 0.001 of the way towards them, outside the graph.
 * Evaluation: normalise with the running estimates, so one example's output does not depend
 * on the others in its batch.
 */
export function batchNormForward(
  model: BatchNormMlp,
  X: Tensor,
  mode: "train" | "eval",
): BatchNormForward {
  const { p, running } = model;
  const emb = p.C.index(X); // [n, blockSize, embedding]
  const embcat = emb.view(emb.shape[0]!, -1);
  const linear = embcat.matmul(p.W1); // no + b1: BatchNorm's mean would take it out again
  let mean: Tensor;
  let std: Tensor;
  if (mode === "train") {
    mean = linear.mean(0, true);
    std = linear.std(0, true);
    noGrad(() => {
      // In place, so that the estimates outlive the step's scope.
      running.bnmeanRunning.mul_(0.999).add_(mean.mul(0.001));
      running.bnstdRunning.mul_(0.999).add_(std.mul(0.001));
    });
  } else {
    mean = running.bnmeanRunning;
    std = running.bnstdRunning;
  }
  const hpreact = p.bngain.mul(linear.sub(mean)).div(std).add(p.bnbias);
  const h = hpreact.tanh();
  const logits = h.matmul(p.W2).add(p.b2);
  return { hpreact, h, logits };
}

export function batchNormLoss(
  model: BatchNormMlp,
  X: Tensor,
  Y: Tensor,
  mode: "train" | "eval",
): Tensor {
  return crossEntropy(batchNormForward(model, X, mode).logits, Y);
}
