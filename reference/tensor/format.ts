/**
 * Printing like PyTorch: `tensor([0.6064, 0.3033, 0.0903])`, four decimals, values padded to
 * one width, integer-valued floats as `1.`, scientific notation when the range is wide,
 * summaries with `...` past 1000 elements, and PyTorch's dtype and grad suffixes.
 */
import type { Tensor } from "./tensor.ts";

const threshold = 1000;
const edgeItems = 3;
const lineWidth = 80;

interface NumberStyle {
  format(x: number): string;
  width: number;
}

function numberStyle(values: readonly number[], floating: boolean): NumberStyle {
  if (!floating) {
    const width = Math.max(1, ...values.map((v) => String(v).length));
    return { format: (x) => String(x), width };
  }
  const finite = values.filter((v) => Number.isFinite(v));
  const nonzero = finite.map(Math.abs).filter((v) => v !== 0);
  const integral = finite.every((v) => Number.isInteger(v));
  let format: (x: number) => string;
  if (nonzero.length === 0) {
    format = (x) => (Number.isFinite(x) ? `${x.toFixed(0)}.` : special(x));
  } else {
    const max = Math.max(...nonzero);
    const min = Math.min(...nonzero);
    // As torch: whole numbers print as `3.` unless their range is wide, when all go scientific.
    if (integral && max / min <= 1000 && max <= 1e8) {
      format = (x) => (Number.isFinite(x) ? `${x.toFixed(0)}.` : special(x));
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      format = (x) => (Number.isFinite(x) ? scientific(x) : special(x));
    } else {
      format = (x) => (Number.isFinite(x) ? x.toFixed(4) : special(x));
    }
  }
  const width = Math.max(...values.map((v) => format(v).length));
  return { format, width };
}

function special(x: number): string {
  if (Number.isNaN(x)) return "nan";
  return x > 0 ? "inf" : "-inf";
}

/** 1.2346e-05 */
function scientific(x: number): string {
  const [mantissa, exponent] = x.toExponential(4).split("e") as [string, string];
  const sign = exponent.startsWith("-") ? "-" : "+";
  const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
  return `${mantissa}e${sign}${digits}`;
}

export function formatTensor(t: Tensor): string {
  const floating = t.dtype === "float32" || t.dtype === "float64";
  const summarise = t.numel() > threshold;
  const shown: number[] = [];
  collect(t, 0, 0, summarise, shown);
  const style = numberStyle(shown.length > 0 ? shown : [0], floating);
  const prefix = "tensor(";
  let body: string;
  if (t.ndim === 0) body = style.format(t.storage[0]!);
  else if (t.numel() === 0) body = "[]";
  else body = formatDim(t, 0, 0, prefix.length + 1, summarise, style);
  const suffixes: string[] = [];
  if (t.numel() === 0 && t.ndim > 1) suffixes.push(`size=(${t.shape.join(", ")})`);
  if (t.dtype === "float64") suffixes.push("dtype=torch.float64");
  if (t.dtype === "int32") suffixes.push("dtype=torch.int32");
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return `${prefix}${body}${suffixes.map((s) => `, ${s}`).join("")})`;
}

function stride(t: Tensor, d: number): number {
  return t.shape.slice(d + 1).reduce((p, s) => p * s, 1);
}

function visibleIndices(size: number, summarise: boolean): (number | null)[] {
  if (!summarise || size <= 2 * edgeItems) return Array.from({ length: size }, (_, i) => i);
  return [
    ...Array.from({ length: edgeItems }, (_, i) => i),
    null,
    ...Array.from({ length: edgeItems }, (_, i) => size - edgeItems + i),
  ];
}

function collect(t: Tensor, d: number, offset: number, summarise: boolean, into: number[]): void {
  if (t.ndim === 0) {
    into.push(t.storage[0]!);
    return;
  }
  for (const i of visibleIndices(t.shape[d]!, summarise)) {
    if (i === null) continue;
    const at = offset + i * stride(t, d);
    if (d === t.ndim - 1) into.push(t.storage[at]!);
    else collect(t, d + 1, at, summarise, into);
  }
}

function formatDim(
  t: Tensor,
  d: number,
  offset: number,
  indent: number,
  summarise: boolean,
  style: NumberStyle,
): string {
  const indices = visibleIndices(t.shape[d]!, summarise);
  if (d === t.ndim - 1) {
    // PyTorch's summary item in a row is " ..." (with its own leading space).
    const items = indices.map((i) =>
      i === null ? " ..." : style.format(t.storage[offset + i]!).padStart(style.width),
    );
    // Wrap a long row the way PyTorch does: lines up to 80 characters. (PyTorch counts the
    // indent before the row's "[", one less than the continuation lines' indent used here.)
    const perLine = Math.max(1, Math.floor((lineWidth - (indent - 1)) / (style.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine)
      lines.push(items.slice(i, i + perLine).join(", "));
    return `[${lines.join(`,\n${" ".repeat(indent)}`)}]`;
  }
  const blank = "\n".repeat(Math.max(1, t.ndim - d - 1));
  const parts = indices.map((i) =>
    i === null
      ? "..."
      : formatDim(t, d + 1, offset + i * stride(t, d), indent + 1, summarise, style),
  );
  return `[${parts.join(`,${blank}${" ".repeat(indent)}`)}]`;
}
