/**
 * The kit's torch. Import what the lectures use:
 *
 *   import { Generator, tensor, zeros, randn, multinomial, crossEntropy } from "#reference/tensor/index.ts";
 */
export {
  arange,
  full,
  linspace,
  multinomial,
  oneHot,
  ones,
  rand,
  randint,
  randn,
  tensor,
  zeros,
} from "./creation.ts";
export type { DType } from "./dtype.ts";
export { crossEntropy, exp, log, pow, relu, softmax, tanh } from "./functional.ts";
export { PyRandom } from "./pyrandom.ts";
export { defaultGenerator, Generator } from "./random.ts";
export { broadcastShapes, Size } from "./shape.ts";
export { scope } from "./storage.ts";
export { noGrad, Tensor } from "./tensor.ts";
