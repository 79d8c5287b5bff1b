/**
 * The BatchNorm lecture's training run: minibatch gradient descent on the BatchNorm MLP
 * (batchnorm-model.ts), seeded as the notebook seeds it, and the split losses that use the
 * running statistics.
 */
import {
  cat,
  crossEntropy,
  type Generator,
  noGrad,
  randint,
  scope,
  type Tensor,
} from "../tensor/index.ts";
import {
  type BatchNormMlp,
  batchNormForward,
  batchNormLoss,
  batchNormParameterList,
} from "./batchnorm-model.ts";

export interface BatchNormTrainOptions {
  readonly steps: number;
  readonly batchSize?: number;
  /** The learning rate of step i: the lecture's 0.1, then 0.01 from step 100,000 of 200,000. */
  readonly learningRate?: (step: number, steps: number) => number;
  /** Called every step with the minibatch loss; return a promise to let a progress bar redraw. */
  readonly onStep?: (step: number, loss: number, learningRate: number) => Promise<void> | undefined;
}

export const batchNormStepDecay = (step: number, steps: number): number =>
  step < steps / 2 ? 0.1 : 0.01;

/** Trains in place; minibatches come from `g`, the generator that drew the initialisation. */
export async function trainBatchNormMlp(
  model: BatchNormMlp,
  X: Tensor,
  Y: Tensor,
  g: Generator,
  options: BatchNormTrainOptions,
): Promise<number[]> {
  const params = batchNormParameterList(model.p);
  const batchSize = options.batchSize ?? 32;
  const rate = options.learningRate ?? batchNormStepDecay;
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const lr = rate(step, options.steps);
    const value = scope(() => {
      const ix = randint(0, X.shape[0]!, [batchSize], { generator: g });
      const loss = batchNormLoss(model, X.index(ix), Y.index(ix), "train");
      for (const param of params) param.grad = null;
      loss.backward();
      for (const param of params) param.data.add_(param.grad!.mul(-lr));
      return loss.item();
    });
    losses.push(value);
    const pending = options.onStep?.(step, value, lr);
    if (pending) await pending;
  }
  return losses;
}

/**
 * Rows of a split per piece of its forward pass. A whole split's hidden layer ([182625, 200],
 * 146 MB a tensor) would outgrow the WebAssembly memory, and the plain kernels would run it
 * several times slower; in pieces every tensor fits. In evaluation each row's logits depend
 * on that row alone, so the pieces' logits are the whole split's to the bit.
 */
export const SPLIT_ROWS = 4096;

/** The loss on a whole split in evaluation mode (the running statistics), without gradients. */
export function batchNormSplitLoss(model: BatchNormMlp, X: Tensor, Y: Tensor): number {
  const rows = X.shape[0]!;
  if (rows <= SPLIT_ROWS)
    return noGrad(() => scope(() => batchNormLoss(model, X, Y, "eval").item()));
  return noGrad(() =>
    scope(() => {
      const pieces: Tensor[] = [];
      for (let start = 0; start < rows; start += SPLIT_ROWS) {
        const piece = X.narrow(0, start, Math.min(SPLIT_ROWS, rows - start));
        pieces.push(scope(() => batchNormForward(model, piece, "eval").logits));
      }
      return crossEntropy(cat(pieces), Y).item();
    }),
  );
}
