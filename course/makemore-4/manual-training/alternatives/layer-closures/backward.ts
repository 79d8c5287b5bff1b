/**
 * Training with your own backward: every parameter's gradient of the minibatch loss, by hand,
 * and the update that uses them. The forward pass is the kit's (ninjaForward), which keeps every
 * intermediate you need. Read README.md in this folder first.
 *
 * Written as one backward per kind of layer, as a library would: each takes what its forward
 * read and the gradient of what it made, and returns the gradients of its inputs.
 */
import type { NinjaParameters } from "#reference/makemore/ninja-model.ts";
import type { NinjaForward, NinjaGradients } from "#reference/makemore/ninja-train.ts";
import { arange, logSoftmax, type Tensor, zerosLike } from "#reference/tensor/index.ts";

/** crossEntropy(logits, Yb) by logits: softmax (as exp of log-softmax) minus the answers' mask, over n. */
function crossEntropyBackward(logits: Tensor, Yb: Tensor): Tensor {
  const [n, classes] = logits.shape as [number, number];
  const isAnswer = arange(classes).view(1, classes).eq(Yb.view(n, 1));
  return logSoftmax(logits, 1).exp().sub(isAnswer).div(n);
}

/** y = x @ W + b. */
function linearBackward(x: Tensor, W: Tensor, dy: Tensor) {
  return { dx: dy.matmul(W.T), dW: x.T.matmul(dy), db: dy.sum(0) };
}

/** y = tanh(x), from the output: (1 - y²)·dy. */
function tanhBackward(y: Tensor, dy: Tensor): Tensor {
  return y.pow(2).mul(-1).add(1).mul(dy);
}

/**
 * y = gain·(x - mean)·σ⁻¹ + bias, σ² the batch's unbiased variance. dx through the centred
 * inputs: gain·σ⁻¹·(dy - mean(dy)) - gain·σ⁻³·(x - mean)·Σ(dy·(x - mean))/(n - 1).
 */
function batchNormBackward(f: NinjaForward, gain: Tensor, dy: Tensor) {
  const n = dy.shape[0]!;
  const centred = f.hprebn.sub(f.bnmean);
  const inv = f.bnvarInv;
  const meanPath = dy.sub(dy.mean(0, true));
  const variancePath = centred
    .mul(dy.mul(centred).sum(0, true))
    .mul(inv.pow(2))
    .div(n - 1);
  return {
    dx: gain.mul(inv).mul(meanPath.sub(variancePath)),
    dgain: dy.mul(f.bnraw).sum(0, true),
    dbias: dy.sum(0, true),
  };
}

/** emb = C[Xb]: each lookup's gradient added into its row of a fresh zero table. */
function embeddingBackward(C: Tensor, Xb: Tensor, demb: Tensor): Tensor {
  const width = C.shape[1]!;
  return zerosLike(C).indexAdd_(0, Xb.reshape(-1), demb.reshape(-1, width));
}

/** The seven gradients of f.loss, one per parameter and each its parameter's shape, without autograd. */
export function manualBackward(
  p: NinjaParameters,
  f: NinjaForward,
  Xb: Tensor,
  Yb: Tensor,
): NinjaGradients {
  const dlogits = crossEntropyBackward(f.logits, Yb);
  const output = linearBackward(f.h, p.W2, dlogits);
  const dhpreact = tanhBackward(f.h, output.dx);
  const bn = batchNormBackward(f, p.bngain, dhpreact);
  const hidden = linearBackward(f.embcat, p.W1, bn.dx);
  const dC = embeddingBackward(p.C, Xb, hidden.dx.view(f.emb.shape));
  return {
    C: dC,
    W1: hidden.dW,
    b1: hidden.db,
    W2: output.dW,
    b2: output.db,
    bngain: bn.dgain,
    bnbias: bn.dbias,
  };
}

/** p.data -= learningRate * grad, for each of the seven parameters, in place. */
export function sgdUpdate(p: NinjaParameters, grads: NinjaGradients, learningRate: number): void {
  const step = (name: keyof NinjaParameters) => p[name].data.sub_(grads[name].mul(learningRate));
  step("C");
  step("W1");
  step("b1");
  step("W2");
  step("b2");
  step("bngain");
  step("bnbias");
}
