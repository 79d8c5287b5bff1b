/** The errors of reductions (ops/reduce.ts), one sentence each; errors.ts re-exports them. */
import type { DType } from "../dtype.ts";

/** PyTorch's own names for the dtypes, as its messages print them. */
const scalarTypes: Record<DType, string> = {
  float32: "Float",
  float64: "Double",
  int32: "Int",
  int64: "Long",
  bool: "Bool",
};

export function dimRepeated(dim: number): Error {
  return new Error(
    `dim ${dim} appears multiple times in the list of dims: name each dimension to reduce once.`,
  );
}

/** PyTorch's words, then how to get a mean anyway. */
export function meanOfIntegers(dtype: DType): Error {
  return new Error(
    `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypes[dtype]} (x.float().mean() converts first).`,
  );
}
