/**
 * makemore part 2: a multi-layer perceptron on characters, after Bengio et al. (2003).
 * Each example is a context of `blockSize` characters and the character that follows; the
 * characters are looked up in an embedding table C, concatenated, passed through a tanh
 * hidden layer and a softmax output layer (model.ts). Here: the data, the split, training,
 * the learning-rate sweep and sampling.
 */
import {
  type Generator,
  linspace,
  multinomial,
  noGrad,
  PyRandom,
  randint,
  scope,
  type Tensor,
  tensor,
} from "../tensor/index.ts";
import { type MlpParameters, type MlpSizes, mlpLogits, mlpLoss, parameterList } from "./model.ts";

export {
  initMlp,
  lectureSizes,
  type MlpParameters,
  type MlpSizes,
  mlpLogits,
  mlpLoss,
  parameterList,
} from "./model.ts";

/** Every (context, next character) of every word: "emma" with block size 3 gives ... → e, ..e → m, .em → m, emm → a, mma → . */
export function buildDataset(
  words: readonly string[],
  stoi: ReadonlyMap<string, number>,
  blockSize: number,
): { X: Tensor; Y: Tensor } {
  if (!Number.isInteger(blockSize) || blockSize < 1)
    throw new Error(
      `The block size is how many characters of context: a whole number from 1, not ${blockSize}.`,
    );
  // The contexts go into one flat list, shaped at the end: a list of 182,625 small lists took
  // a grader a third of a second to build and read back.
  const X: number[] = [];
  const Y: number[] = [];
  for (const word of words) {
    const context = new Array<number>(blockSize).fill(0);
    for (const ch of [...word, "."]) {
      const ix = stoi.get(ch);
      if (ix === undefined)
        throw new Error(`"${ch}" in "${word}" is not in the vocabulary (${stoi.size} characters).`);
      for (const c of context) X.push(c);
      Y.push(ix);
      context.shift();
      context.push(ix);
    }
  }
  return { X: tensor(X).view(Y.length, blockSize), Y: tensor(Y) };
}

export interface Split<T> {
  readonly train: T;
  readonly dev: T;
  readonly test: T;
}

/** The lecture's split: Python's random.seed(seed) and shuffle, then 80% train, 10% dev, 10% test. */
export function splitWords(words: readonly string[], seed = 42): Split<string[]> {
  const shuffled = [...words];
  new PyRandom(seed).shuffle(shuffled);
  const n1 = Math.trunc(0.8 * shuffled.length);
  const n2 = Math.trunc(0.9 * shuffled.length);
  return { train: shuffled.slice(0, n1), dev: shuffled.slice(n1, n2), test: shuffled.slice(n2) };
}

export interface TrainOptions {
  readonly steps: number;
  readonly batchSize?: number;
  /** The learning rate of step i; the lecture's is 0.1, then 0.01 from halfway. */
  readonly learningRate?: (step: number, steps: number) => number;
  /** Called every step with the minibatch loss; return a promise to let a progress bar redraw. */
  readonly onStep?: (step: number, loss: number, learningRate: number) => Promise<void> | undefined;
}

export const stepDecay = (step: number, steps: number): number => (step < steps / 2 ? 0.1 : 0.01);

/** Minibatch gradient descent; minibatches are drawn from `g`, so a seeded run repeats exactly. */
export async function trainMlp(
  p: MlpParameters,
  X: Tensor,
  Y: Tensor,
  g: Generator,
  options: TrainOptions,
): Promise<number[]> {
  const params = parameterList(p);
  const batchSize = options.batchSize ?? 32;
  const rate = options.learningRate ?? stepDecay;
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const lr = rate(step, options.steps);
    // One step's temporaries live in a scope, so their memory is reused by the next step.
    const value = scope(() => {
      const ix = randint(0, X.shape[0]!, [batchSize], { generator: g });
      const loss = mlpLoss(p, X.index(ix), Y.index(ix));
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
 * Floating-point operations in one training step at these sizes: each matrix product
 * (m×k)·(k×n) is 2mkn, and its backward two more of the same size; then the elementwise work
 * (bias adds and their gradients, tanh and its gradient, cross-entropy, the SGD update).
 */
export function mlpStepFlops(s: MlpSizes, batch = 32): { total: number; matmul: number } {
  const mm = (m: number, k: number, n: number) => 2 * m * k * n;
  const inputs = s.blockSize * s.embedding;
  const matmul = 3 * (mm(batch, inputs, s.hidden) + mm(batch, s.hidden, s.vocabSize));
  const hidden = batch * s.hidden;
  const logits = batch * s.vocabSize;
  const params =
    s.vocabSize * s.embedding + inputs * s.hidden + s.hidden + s.hidden * s.vocabSize + s.vocabSize;
  const elementwise =
    hidden +
    logits + // bias adds
    hidden +
    2 * hidden + // tanh and its backward (counted as one and two operations)
    hidden +
    logits + // bias gradients (column sums)
    5 * logits + // cross-entropy forward and backward
    2 * params; // SGD: scale the gradient, add it
  return { total: matmul + elementwise, matmul };
}

/** The loss on a whole split, without recording gradients. */
export function splitLoss(p: MlpParameters, X: Tensor, Y: Tensor): number {
  return noGrad(() => mlpLoss(p, X, Y).item());
}

/** The learning-rate sweep: step i uses 10^linspace(-3, 0, steps)[i]; returns the exponents and losses. */
export async function learningRateSweep(
  p: MlpParameters,
  X: Tensor,
  Y: Tensor,
  g: Generator,
  steps = 1000,
): Promise<{ exponents: number[]; losses: number[] }> {
  const exponents = linspace(-3, 0, steps).tolist() as number[];
  const losses = await trainMlp(p, X, Y, g, { steps, learningRate: (i) => 10 ** exponents[i]! });
  return { exponents, losses };
}

/** Names from the trained network, one character at a time, as the lecture samples them. */
export function sampleMlpNames(
  p: MlpParameters,
  itos: readonly string[],
  blockSize: number,
  count: number,
  g: Generator,
): string[] {
  return noGrad(() => {
    const names: string[] = [];
    for (let k = 0; k < count; k++) {
      let context = new Array<number>(blockSize).fill(0);
      let name = "";
      while (true) {
        const probs = mlpLogits(p, tensor([context])).softmax(1);
        const ix = multinomial(probs, 1, { replacement: true, generator: g }).item();
        context = [...context.slice(1), ix];
        name += itos[ix];
        if (ix === 0) break;
      }
      names.push(name);
    }
    return names;
  });
}
