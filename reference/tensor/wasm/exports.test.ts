/**
 * WasmExports is written by hand; this holds it to the compiled module: the same function
 * names, each with the parameter count the interface gives it.
 */
import { expect, test } from "vitest";
import { compiledBytes, instantiate, type WasmExports, webAssembly } from "./runtime.ts";

/** Each export's parameter count as WasmExports declares it (TypeScript checks these against the interface). */
const declared: { [Name in keyof WasmExports]: Parameters<WasmExports[Name]>["length"] } = {
  heapBase: 0,
  matmul: 6,
  matmulWide: 6,
  matmulTransposeB: 7,
  matmulTransposeBByCopy: 7,
  matmulTransposeA: 7,
  transpose: 4,
  sumDim: 5,
  binarySame: 5,
  binaryScalar: 5,
  binaryRow: 6,
  binaryScalarLeft: 5,
  binaryRowLeft: 6,
  binaryColumn: 6,
  binaryColumnLeft: 6,
  columnSums: 4,
  tanh: 3,
  tanhBackward: 4,
  peak: 1,
  crossEntropyForward: 5,
  gatherRows: 5,
  scatterAddRows: 5,
  crossEntropyBackward: 6,
  relu: 3,
  reluBackward: 4,
  softmaxRows: 4,
  softmaxRowsBackward: 5,
  layerNormRows: 9,
  layerNormRowsBackward: 10,
  varianceDim: 7,
  varianceDimBackward: 8,
  expandDim: 6,
  cascadeSumDim: 5,
};

test("WasmExports names the compiled module's functions, each with its parameter count", async () => {
  const bytes = await compiledBytes();
  const exported = webAssembly.Module.exports(new webAssembly.Module(bytes));
  const functions = exported.filter((e) => e.kind === "function").map((e) => e.name);
  expect([...functions].sort()).toEqual(Object.keys(declared).sort());
  // Besides the functions, the module only passes on the memory it imports.
  expect(exported.filter((e) => e.kind !== "function")).toEqual([
    { name: "memory", kind: "memory" },
  ]);
  const instance = instantiate(bytes).exports as unknown as Record<
    string,
    (...args: never) => unknown
  >;
  const counts = Object.fromEntries(functions.map((name) => [name, instance[name]!.length]));
  expect(counts).toEqual(declared);
});
