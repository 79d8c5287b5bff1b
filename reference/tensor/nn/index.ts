/**
 * `torch.nn`, as the lectures use it: `import { nn } from "#reference/tensor/index.ts"` and
 * `new nn.Linear(30, 200, { bias: false, generator: g })`.
 */

export * as init from "./init.ts";
export type { InitOptions, LinearOptions, Nonlinearity } from "./layers.ts";
export { calculateGain, Dropout, Embedding, kaimingNormal, Linear } from "./layers.ts";
export type { AnyModule } from "./module.ts";
export {
  Flatten,
  FlattenConsecutive,
  Module,
  ModuleList,
  ReLU,
  Sequential,
  Tanh,
} from "./module.ts";
export type { BatchNormOptions, LayerNormOptions } from "./norm.ts";
export { BatchNorm1d, LayerNorm } from "./norm.ts";
