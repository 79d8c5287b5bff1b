/**
 * Pristine inputs. A grader computes its expected values before the learner's code runs, on
 * inputs of its own (or deep copies, `pristineCopy`), and afterwards compares the inputs the
 * learner's code was handed with those pristine ones: a function that scales `W1` in place,
 * consumes a word list with shift() or edits the caller's array is told so in a sentence of its
 * own, instead of being judged on values computed from damaged inputs or blamed for something else.
 */

import { Tensor } from "#reference/tensor/index.ts";
import { fail } from "./check.ts";
import { formatNumber } from "./diagnose.ts";

/**
 * A deep copy: tensors with storage of their own (same shape, dtype and requiresGrad, no grad),
 * arrays, Maps, Sets, plain objects and class instances (the same prototype, every own field
 * copied). Functions are shared, as they cannot be changed in place.
 */
export function pristineCopy<T>(value: T, seen = new Map<unknown, unknown>()): T {
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (value instanceof Tensor) {
    const copy = new Tensor(value.storage.slice(), value.shape, value.dtype, value.requiresGrad);
    seen.set(value, copy);
    return copy as T;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(pristineCopy(item, seen));
    return copy as T;
  }
  if (value instanceof Map) {
    const copy = new Map();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(k, pristineCopy(v, seen));
    return copy as T;
  }
  if (value instanceof Set) {
    const copy = new Set();
    seen.set(value, copy);
    for (const v of value) copy.add(pristineCopy(v, seen));
    return copy as T;
  }
  if (ArrayBuffer.isView(value)) return (value as unknown as Float64Array).slice() as T;
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  seen.set(value, copy);
  for (const [k, v] of Object.entries(value)) copy[k] = pristineCopy(v, seen);
  return copy as T;
}

/** Keys not compared: what running the code is meant to change (a gradient, autograd's record). */
const bookkeeping = new Set(["grad", "gradFn", "retainsGrad", "lease"]);

const show = (v: unknown) =>
  typeof v === "number" ? formatNumber(v) : typeof v === "string" ? JSON.stringify(v) : String(v);

/** Where a tensor's flat element `i` is, as indices: `[0, 3]`. */
function indexOf(shape: readonly number[], i: number): string {
  const out: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    out.unshift(i % shape[d]!);
    i = Math.floor(i / shape[d]!);
  }
  return `[${out.join(", ")}]`;
}

/** How a tensor changed: its shape, or its elements (with the factor, when all were scaled by one). */
function tensorChange(path: string, before: Tensor, after: Tensor): string | undefined {
  if (before.shape.join() !== after.shape.join())
    return `${path} had shape [${before.shape.join(", ")}] and now has [${after.shape.join(", ")}]`;
  if (before.dtype !== after.dtype) return `${path} was ${before.dtype} and is now ${after.dtype}`;
  // A parameter whose requiresGrad was switched off stops learning in the caller's next step.
  if (before.requiresGrad !== after.requiresGrad)
    return `${path}.requiresGrad was ${before.requiresGrad} and is now ${after.requiresGrad}`;
  const was = before.storage;
  const now = after.storage;
  let first = -1;
  let changed = 0;
  let factor: number | undefined = Number.NaN;
  for (let i = 0; i < was.length; i++) {
    if (Object.is(was[i], now[i])) continue;
    changed++;
    if (first < 0) first = i;
    const ratio = now[i]! / was[i]!;
    if (Number.isNaN(factor)) factor = ratio;
    else if (factor !== undefined && Math.abs(ratio - factor) > 1e-5 * Math.abs(factor))
      factor = undefined;
  }
  if (first < 0) return undefined;
  const scaled =
    factor !== undefined && Number.isFinite(factor) && changed === was.length && was.length > 1
      ? ` (every element multiplied by ${formatNumber(factor)})`
      : ` (${changed} of its ${was.length} elements changed)`;
  return `${path}${indexOf(before.shape, first)} was ${formatNumber(was[first]!)} and is now ${formatNumber(now[first]!)}${scaled}`;
}

/** The first difference between a pristine input and the same input after the code ran. */
export function firstChange(
  path: string,
  before: unknown,
  after: unknown,
  seen = new Set<unknown>(),
): string | undefined {
  if (Object.is(before, after)) return undefined;
  if (typeof before !== "object" || before === null || typeof after !== "object" || after === null)
    return `${path} was ${show(before)} and is now ${show(after)}`;
  if (seen.has(after)) return undefined;
  seen.add(after);
  if (before instanceof Tensor)
    return after instanceof Tensor
      ? tensorChange(path, before, after)
      : `${path} was a tensor and is now ${show(after)}`;
  if (Array.isArray(before)) {
    if (!Array.isArray(after)) return `${path} was an array and is now ${show(after)}`;
    for (let i = 0; i < Math.min(before.length, after.length); i++) {
      const change = firstChange(`${path}[${i}]`, before[i], after[i], seen);
      if (change) return change;
    }
    if (before.length !== after.length)
      return `${path} had ${before.length} entries and now has ${after.length}${after.length < before.length ? ` (its first was ${show(before[0])}: shift(), pop() or splice() takes entries out of the caller's array)` : ""}`;
    return undefined;
  }
  if (before instanceof Map && after instanceof Map) {
    for (const [k, v] of before) {
      const change = firstChange(`${path}.get(${show(k)})`, v, after.get(k), seen);
      if (change) return change;
    }
    return before.size === after.size
      ? undefined
      : `${path} had ${before.size} entries and now has ${after.size}`;
  }
  if (before instanceof Set && after instanceof Set)
    return before.size === after.size && [...before].every((v) => after.has(v))
      ? undefined
      : `${path} held ${before.size} values and now holds ${after.size}${[...before].some((v) => !after.has(v)) ? " (some are gone)" : ""}`;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (bookkeeping.has(key)) continue;
    const change = firstChange(
      `${path}.${key}`,
      (before as Record<string, unknown>)[key],
      (after as Record<string, unknown>)[key],
      seen,
    );
    if (change) return change;
  }
  return undefined;
}

/**
 * Fails when `call` changed any of `inputs` in place: each is the input as the learner's code left
 * it, beside the grader's pristine copy. Named in its own sentence, before any value is judged,
 * so that a wrong value computed from a damaged input is not blamed on something else.
 */
export function expectInputsUnchanged(
  call: string,
  inputs: Readonly<Record<string, readonly [after: unknown, pristine: unknown]>>,
): void {
  for (const [name, [after, pristine]] of Object.entries(inputs)) {
    const change = firstChange(name, pristine, after);
    if (change === undefined) continue;
    fail(
      `Your function changed \`${name}\` in place: after \`${call}\`, ${change}. The caller still needs its inputs as they were (the same ones may be passed again): compute from them without changing them, and copy first where you must (${Array.isArray(pristine) ? `[...${name}]` : "t.clone(), or a new tensor from an operation"}).`,
      { mistake: "mutated-args" },
    );
  }
}
