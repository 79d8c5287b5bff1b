/** Conversions between dtypes: `to(dtype)` and its shorthands, with their gradient (converted back). */
import { record } from "../autograd.ts";
import type { DType } from "../dtype.ts";
import { kernels } from "../kernels.ts";
import { allocate } from "../storage.ts";
import { defineMethods, type Tensor } from "../tensor.ts";

/** `x` in `dtype` (x itself when it already is); floats become integers by truncation. */
export function to(x: Tensor, dtype: DType): Tensor {
  if (dtype === x.dtype) return x;
  const out = allocate(dtype, x.numel());
  if (dtype === "bool") for (let i = 0; i < out.length; i++) out[i] = x.storage[i] !== 0 ? 1 : 0;
  else kernels.convert(x.storage, out);
  return record(out, x.shape, dtype, [x], "ToCopyBackward0", (g) => [to(g, x.dtype)]);
}

defineMethods({
  to(dtype) {
    return to(this, dtype);
  },
  float() {
    return to(this, "float32");
  },
  double() {
    return to(this, "float64");
  },
  long() {
    return to(this, "int64");
  },
  int() {
    return to(this, "int32");
  },
  bool() {
    return to(this, "bool");
  },
});
