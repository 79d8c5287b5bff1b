/**
 * makemore part 4 ("Becoming a Backprop Ninja"): the two-layer MLP with BatchNorm whose backward
 * pass the lecture writes by hand. Only its parameters live here, initialised exactly as the
 * notebook does; the forward pass broken into named steps, the manual backward and the training
 * run build on this file.
 */
import { defaultGenerator, type Generator, randn, type Tensor } from "../tensor/index.ts";

export interface NinjaSizes {
  readonly vocabSize: number;
  readonly blockSize: number;
  readonly embedding: number;
  readonly hidden: number;
}

/** Exercises 1–3 of the lecture: hidden 64, so 4,137 parameters. */
export const ninjaSizes: NinjaSizes = { vocabSize: 27, blockSize: 3, embedding: 10, hidden: 64 };
/** Exercise 4 of the lecture (training with the manual backward): hidden 200, 12,297 parameters. */
export const ninjaTrainingSizes: NinjaSizes = { ...ninjaSizes, hidden: 200 };

export interface NinjaParameters {
  readonly C: Tensor;
  readonly W1: Tensor;
  readonly b1: Tensor;
  readonly W2: Tensor;
  readonly b2: Tensor;
  readonly bngain: Tensor;
  readonly bnbias: Tensor;
}

/**
 * The lecture's deliberately non-standard initialisation: small random biases and a gain near 1
 * rather than zeros and ones, so that a wrong gradient cannot hide behind a zero. C, W1, b1, W2
 * and b2 come from `g`, each scaled as the notebook writes it (`* (5/3) / fan_in**0.5` is two
 * float32 operations, left to right). The notebook draws bngain and bnbias from PyTorch's global
 * generator (no `generator=g`), which PyTorch seeds afresh at every start, so those two cannot be
 * reproduced; `global` stands for it (the kit's default generator unless given). Every tensor
 * requires grad, as after the notebook's `p.requires_grad = True` loop.
 */
export function initNinja(
  sizes: NinjaSizes,
  g: Generator,
  global: Generator = defaultGenerator,
): NinjaParameters {
  const fanIn = sizes.embedding * sizes.blockSize;
  const C = randn([sizes.vocabSize, sizes.embedding], { generator: g });
  const W1 = randn([fanIn, sizes.hidden], { generator: g })
    .mul(5 / 3)
    .div(fanIn ** 0.5);
  const b1 = randn([sizes.hidden], { generator: g }).mul(0.1);
  const W2 = randn([sizes.hidden, sizes.vocabSize], { generator: g }).mul(0.1);
  const b2 = randn([sizes.vocabSize], { generator: g }).mul(0.1);
  const bngain = randn([1, sizes.hidden], { generator: global }).mul(0.1).add(1);
  const bnbias = randn([1, sizes.hidden], { generator: global }).mul(0.1);
  const p = { C, W1, b1, W2, b2, bngain, bnbias };
  for (const t of Object.values(p)) t.requiresGrad_(true);
  return p;
}

/** The parameters in the notebook's order: C, W1, b1, W2, b2, bngain, bnbias. */
export function ninjaParameterList(p: NinjaParameters): Tensor[] {
  return [p.C, p.W1, p.b1, p.W2, p.b2, p.bngain, p.bnbias];
}
