/**
 * The bigram language model of makemore part 1, counted and then learned: which character
 * follows which, as a 27×27 table of counts, as probabilities, and as the weights of a
 * one-layer network trained by gradient descent to the same answer.
 */
import {
  crossEntropy,
  Generator,
  multinomial,
  oneHot,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "../tensor/index.ts";
import { bigrams } from "./words.ts";

export { bigrams, boundary, encodeBigrams, type Vocabulary, vocabulary } from "./words.ts";

/** N[i, j] = how often character j follows character i. */
export function countBigrams(words: readonly string[], stoi: ReadonlyMap<string, number>): Tensor {
  const size = stoi.size;
  const N = zeros([size, size], { dtype: "int32" });
  for (const [a, b] of bigrams(words)) {
    const i = stoi.get(a)!;
    const j = stoi.get(b)!;
    N.set(N.get(i, j) + 1, i, j);
  }
  return N;
}

/** Rows of (N + smoothing) normalised to sum to 1: P[i] is the distribution of what follows i. */
export function probabilities(N: Tensor, smoothing = 1): Tensor {
  const P = N.add(smoothing).float();
  return P.div(P.sum(1, true));
}

/** Names drawn one character at a time from P, from one generator seeded once. */
export function sampleNames(
  P: Tensor,
  itos: readonly string[],
  count: number,
  seed = 2147483647,
): string[] {
  const g = new Generator().manualSeed(seed);
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    let out = "";
    let ix = 0;
    do {
      ix = multinomial(P.index(ix), 1, { replacement: true, generator: g }).item();
      out += itos[ix];
    } while (ix !== 0);
    names.push(out);
  }
  return names;
}

/** The average negative log-likelihood of every bigram of `words` under P. */
export function averageNll(
  P: Tensor,
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
): number {
  let logLikelihood = 0;
  let n = 0;
  for (const [a, b] of bigrams(words)) {
    logLikelihood += Math.log(P.get(stoi.get(a)!, stoi.get(b)!));
    n++;
  }
  return -logLikelihood / n;
}

export function perplexity(nll: number): number {
  return Math.exp(nll);
}

/** softmax over the rows of logits, spelled out as in the lecture: exp, then normalise. */
export function softmaxRows(logits: Tensor): Tensor {
  const counts = logits.sub(logits.max(1, true).values).exp();
  return counts.div(counts.sum(1, true));
}

/** The logits of the neural bigram as the lecture writes them: one-hot inputs times W. */
export function bigramLogits(W: Tensor, xs: Tensor): Tensor {
  return oneHot(xs, W.shape[0]!).float().matmul(W);
}

/**
 * The loss of the neural bigram: the mean NLL of ys under softmax(logits), plus λ·mean(W²),
 * which pulls W towards 0 and so the probabilities towards uniform, like smoothing does.
 * Multiplying a one-hot row by W just picks a row of W, so here the logits are W[xs]: the same
 * numbers, 27 times less arithmetic.
 */
export function neuralBigramLoss(W: Tensor, xs: Tensor, ys: Tensor, regularization = 0.01): Tensor {
  return crossEntropy(W.index(xs), ys).add(W.pow(2).mean().mul(regularization));
}

export interface NeuralBigramOptions {
  readonly steps: number;
  readonly learningRate: number;
  readonly regularization?: number;
  readonly seed?: number;
  readonly onStep?: (step: number, loss: number) => void;
}

/** Gradient descent on W (27×27, from randn with the lecture's seed); returns W and the loss per step. */
export function trainNeuralBigram(
  xs: readonly number[],
  ys: readonly number[],
  size: number,
  options: NeuralBigramOptions,
): { W: Tensor; losses: number[] } {
  const W = randn([size, size], {
    generator: new Generator().manualSeed(options.seed ?? 2147483647),
    requiresGrad: true,
  });
  const x = tensor([...xs]);
  const y = tensor([...ys]);
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const loss = neuralBigramLoss(W, x, y, options.regularization ?? 0.01);
    W.grad = null;
    loss.backward();
    W.data.add_(W.grad!.mul(-options.learningRate));
    losses.push(loss.item());
    options.onStep?.(step, loss.item());
  }
  return { W, losses };
}
