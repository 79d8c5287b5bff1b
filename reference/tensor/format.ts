/**
 * Printing like PyTorch: `tensor([0.6064, 0.3033, 0.0903])`, four decimals, values padded to
 * one width, integer-valued floats as `1.`, scientific notation when the range is wide,
 * summaries with `...` past 1000 elements, and PyTorch's dtype and grad suffixes.
 */
import type { DType } from "./dtype.ts";
import type { Storage } from "./storage.ts";

/** What printing reads of a tensor. */
export interface Printable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly ndim: number;
  readonly storage: Storage;
  readonly requiresGrad: boolean;
  readonly gradFn: { readonly name: string } | null;
  numel(): number;
}

const threshold = 1000;
const edgeItems = 3;
const lineWidth = 80;

interface NumberStyle {
  format(x: number): string;
  width: number;
}

/** Booleans print as Python's True and False, right-aligned in one width. */
function boolStyle(values: readonly number[]): NumberStyle {
  return { format: (x) => (x ? "True" : "False"), width: values.includes(0) ? 5 : 4 };
}

function numberStyle(values: readonly number[], floating: boolean): NumberStyle {
  if (!floating) {
    const width = Math.max(1, ...values.map((v) => String(v).length));
    return { format: (x) => String(x), width };
  }
  // As torch: the style and the width come from the finite, nonzero values alone, so zeros,
  // nan and inf never widen the padding.
  const nonzero = values.filter((v) => Number.isFinite(v) && v !== 0);
  let format = wholeNumber;
  if (nonzero.length > 0) {
    const magnitudes = nonzero.map(Math.abs);
    const max = Math.max(...magnitudes);
    const min = Math.min(...magnitudes);
    // Whole numbers print as `3.` unless their range is wide, when all go scientific.
    if (nonzero.every((v) => Number.isInteger(v)))
      format = max / min > 1000 || max > 1e8 ? scientific : wholeNumber;
    else format = max / min > 1000 || max > 1e8 || min < 1e-4 ? scientific : fourDecimals;
  }
  const width = Math.max(1, ...nonzero.map((v) => format(v).length));
  return { format, width };
}

function special(x: number): string {
  if (Number.isNaN(x)) return "nan";
  return x > 0 ? "inf" : "-inf";
}

/** Python keeps the sign of -0 (`-0.`, `-0.0000`); JavaScript's toFixed drops it. */
function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

/** 3. */
function wholeNumber(x: number): string {
  return Number.isFinite(x) ? `${sign(x)}${Math.abs(x).toFixed(0)}.` : special(x);
}

/** 0.6064 */
function fourDecimals(x: number): string {
  if (!Number.isFinite(x)) return special(x);
  return sign(x) + halfToEven(Math.abs(x).toFixed(4), x, 4);
}

/** 1.2346e-05 */
function scientific(x: number): string {
  if (!Number.isFinite(x)) return special(x);
  const [mantissa, exponent] = Math.abs(x).toExponential(4).split("e") as [string, string];
  const power = Number(exponent);
  const digits = String(Math.abs(power)).padStart(2, "0");
  return `${sign(x)}${halfToEven(mantissa, x, 4 - power)}e${power < 0 ? "-" : "+"}${digits}`;
}

/**
 * Python rounds a value exactly halfway between two printable ones to the even one
 * (0.03125 is `0.0312`); JavaScript's toFixed and toExponential round it up (`0.0313`).
 * `text` is JavaScript's digits for |x|, whose last digit is the 10^-scale place.
 */
function halfToEven(text: string, x: number, scale: number): string {
  const last = text.charCodeAt(text.length - 1) - 48;
  if (last % 2 === 0 || !isHalfway(Math.abs(x), scale)) return text;
  return text.slice(0, -1) + String(last - 1);
}

/** Whether x · 10^scale lies exactly halfway between two integers, in exact arithmetic. */
function isHalfway(x: number, scale: number): boolean {
  let mantissa = x;
  let twos = 0; // x = mantissa · 2^twos, mantissa a whole number
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2;
    twos--;
  }
  // Is 2 · x · 10^scale an odd integer?
  let numerator = BigInt(mantissa) * 2n;
  let denominator = 1n << BigInt(-twos);
  if (scale >= 0) numerator *= 10n ** BigInt(scale);
  else denominator *= 10n ** BigInt(-scale);
  return numerator % denominator === 0n && (numerator / denominator) % 2n === 1n;
}

export function formatTensor(t: Printable): string {
  const floating = t.dtype === "float32" || t.dtype === "float64";
  const summarise = t.numel() > threshold;
  const shown: number[] = [];
  collect(t, 0, 0, summarise, shown);
  const style =
    t.dtype === "bool" ? boolStyle(shown) : numberStyle(shown.length > 0 ? shown : [0], floating);
  const prefix = "tensor(";
  let body: string;
  if (t.ndim === 0) body = style.format(t.storage[0]!);
  else if (t.numel() === 0) body = "[]";
  else body = formatDim(t, 0, 0, prefix.length + 1, summarise, style);
  const suffixes: string[] = [];
  if (t.numel() === 0) {
    // An empty tensor shows its shape unless it is 1-D, and any dtype but float32, since no
    // element can show it.
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(", ")})`);
    if (t.dtype !== "float32") suffixes.push(`dtype=torch.${t.dtype}`);
  } else if (t.dtype === "float64" || t.dtype === "int32") suffixes.push(`dtype=torch.${t.dtype}`);
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  // As torch: a suffix that would take the last line past 80 characters starts a new line,
  // under the first "[".
  let text = prefix + body;
  let lastLine = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLine + suffix.length + 2 > lineWidth) {
      text += `,\n${" ".repeat(prefix.length)}${suffix}`;
      lastLine = prefix.length + suffix.length;
    } else {
      text += `, ${suffix}`;
      lastLine += suffix.length + 2;
    }
  }
  return `${text})`;
}

function stride(t: Printable, d: number): number {
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

function collect(
  t: Printable,
  d: number,
  offset: number,
  summarise: boolean,
  into: number[],
): void {
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
  t: Printable,
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
