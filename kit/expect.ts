/** Assertions that explain themselves to a learner. Each failure is one or two sentences. */
import { fail, type MistakeId } from "./check.ts";
import { describeValue, formatNumber } from "./diagnose.ts";

export interface Tolerance {
  readonly rtol?: number;
  readonly atol?: number;
}

export function isClose(
  actual: number,
  expected: number,
  { rtol = 1e-6, atol = 1e-9 }: Tolerance = {},
): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/** `what` names the expression in code, e.g. "a.mul(b).data". */
export function expectNumber(actual: unknown, what: string, code?: string): number {
  if (typeof actual === "number" && !Number.isNaN(actual)) return actual;
  const extra = code === undefined ? {} : { code };
  if (actual === undefined)
    fail(
      `\`${what}\` is undefined; a number was expected. Did a method forget to return, or a field to be set?`,
      extra,
    );
  if (typeof actual === "number")
    fail(
      `\`${what}\` is NaN; a number was expected. Look for 0/0, log of a negative number, or arithmetic with undefined.`,
      extra,
    );
  fail(`\`${what}\` is ${describeValue(actual)} (${typeof actual}); a number was expected.`, extra);
}

export function expectClose(
  actual: unknown,
  expected: number,
  what: string,
  options: Tolerance & { code?: string; mistake?: MistakeId; why?: string } = {},
): void {
  const value = expectNumber(actual, what, options.code);
  if (isClose(value, expected, options)) return;
  const extra: { code?: string; mistake?: MistakeId } = {};
  if (options.code !== undefined) extra.code = options.code;
  if (options.mistake !== undefined) extra.mistake = options.mistake;
  fail(
    `\`${what}\` should be ${formatNumber(expected)}, but your code gives ${formatNumber(value)}.${options.why ? ` ${options.why}` : ""}`,
    extra,
  );
}

export function expectInstance<T>(
  actual: unknown,
  type: abstract new (...args: never[]) => T,
  what: string,
  code?: string,
): T {
  if (actual instanceof type) return actual;
  fail(
    `\`${what}\` should be a ${type.name}, but it is ${describeValue(actual)}.`,
    code === undefined ? {} : { code },
  );
}
