/**
 * The plain TypeScript kernels as a backend: every loop of the kit's torch, written once, on
 * typed arrays, to be read. They run wherever WebAssembly does not, and they are the twins
 * the WebAssembly kernels are tested against.
 */
import type { Backend } from "../backend.ts";
import { cascadeSumDim } from "./cascade.ts";
import { binary, convert, scale, sumToShape, unary, unaryBackward } from "./elementwise.ts";
import { matmul, matmulTransposeA, matmulTransposeB, transpose } from "./matmul.ts";
import { layerNormRows, layerNormRowsBackward } from "./norm.ts";
import {
  evenlyToMaxima,
  expandDim,
  maxDim,
  maxDimBackward,
  sumDim,
  varianceDim,
  varianceDimBackward,
} from "./reduce.ts";
import {
  crossEntropyBackward,
  crossEntropyForward,
  flatPairIndices,
  gatherRows,
  scatterAddRows,
  softmaxRows,
  softmaxRowsBackward,
} from "./rows.ts";

export const plainBackend: Backend = {
  name: "ts",
  memory: null,
  binary,
  unary,
  unaryBackward,
  scale,
  convert,
  sumToShape,
  sumDim,
  cascadeSumDim,
  expandDim,
  varianceDim,
  varianceDimBackward,
  maxDim,
  maxDimBackward,
  evenlyToMaxima,
  matmul,
  matmulTransposeB,
  matmulTransposeA,
  transpose,
  gatherRows,
  scatterAddRows,
  flatPairIndices,
  softmaxRows,
  softmaxRowsBackward,
  layerNormRows,
  layerNormRowsBackward,
  crossEntropyForward,
  crossEntropyBackward,
};
