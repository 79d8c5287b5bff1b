/**
 * The kit's torch. Import what the lectures use:
 *
 *   import { Generator, tensor, zeros, randn, multinomial, crossEntropy } from "#reference/tensor/index.ts";
 */

// Each op family gives Tensor its methods as it loads (see tensor.ts): all of them, here.
import "./backward.ts";
import "./functional.ts";
import "./ops/compare.ts";
import "./ops/convert.ts";
import "./ops/elementwise.ts";
import "./ops/indexing.ts";
import "./ops/inplace.ts";
import "./ops/matmul.ts";
import "./ops/reduce.ts";
import "./ops/slicing.ts";
import "./ops/views.ts";

export { noGrad } from "./autograd.ts";
export {
  arange,
  full,
  linspace,
  multinomial,
  oneHot,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  tensor,
  zeros,
  zerosLike,
} from "./creation.ts";
export type { DType } from "./dtype.ts";
export {
  abs,
  add,
  crossEntropy,
  div,
  exp,
  layerNorm,
  log,
  log10,
  logSoftmax,
  mul,
  pow,
  relu,
  sigmoid,
  softmax,
  sqrt,
  sub,
  tanh,
} from "./functional.ts";
export * as nn from "./nn/index.ts";
export {
  allclose,
  clamp,
  eq,
  ge,
  gt,
  le,
  lt,
  maskedFill,
  ne,
  tril,
  triu,
  where,
} from "./ops/compare.ts";
export { histc } from "./ops/reduce.ts";
export {
  cat,
  clone,
  narrow,
  type SliceIndex,
  select,
  slice,
  squeeze,
  stack,
  unbind,
  unsqueeze,
} from "./ops/slicing.ts";
export * as optim from "./optim.ts";
export { PyRandom } from "./pyrandom.ts";
export { defaultGenerator, Generator, manualSeed } from "./random.ts";
export { broadcastShapes, Size } from "./shape.ts";
export { scope } from "./storage.ts";
export { Tensor } from "./tensor.ts";
