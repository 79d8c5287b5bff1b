/**
 * The element types a tensor can hold, and how they combine in `a op b`: PyTorch's promotion
 * rules (an integer tensor with a float gives a float; a plain number keeps the tensor's dtype
 * unless it brings a fraction), and the names PyTorch's messages give them.
 */
/** `bool` holds 0 and 1 (comparisons' results, masks), printed True and False. */
export type DType = "float32" | "float64" | "int32" | "int64" | "bool";

export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** What a plain number brings to `t op x`: a whole number, or one with a fraction. */
export type NumberKind = "number-int" | "number-float";

/** The dtype of `a op b` (PyTorch's torch.result_type), where b is a tensor's dtype or a plain number. */
export function resultType(a: DType, b: DType | NumberKind): DType {
  // A bool tensor takes the other side's type (a whole number making it int64).
  if (a === "bool" && b !== "bool") return b === "number-int" ? "int64" : resultType("int64", b);
  if (b === "bool") return a;
  if (b === "number-int") return a;
  if (b === "number-float") return isFloating(a) ? a : "float32";
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  return a === "int64" || b === "int64" ? "int64" : "int32";
}

/** PyTorch's names of the dtypes, as its error messages spell them. */
export const torchNames: Record<DType, string> = {
  float32: "Float",
  float64: "Double",
  int32: "Int",
  int64: "Long",
  bool: "Bool",
};

/** The method that converts to each dtype, for error messages. */
export const conversions: Record<DType, string> = {
  float32: ".float()",
  float64: ".double()",
  int32: ".int()",
  int64: ".long()",
  bool: ".bool()",
};
