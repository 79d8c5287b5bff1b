/**
 * Finite differences in float64, for checking gradients a learner's code computes.
 * Inputs near a kink (relu at 0) or a pole (b near 0 in a/b) make a measured derivative
 * meaningless, so arbitraries keep away from them (see `awayFrom`) and checks compare with
 * a relative plus absolute tolerance.
 */
import { fail, type MistakeId } from "./check.ts";
import { formatNumber } from "./diagnose.ts";
import { isClose, type Tolerance } from "./expect.ts";

/** Central difference of f at args, with respect to args[index]. */
export function centralDifference(
  f: (args: readonly number[]) => number,
  args: readonly number[],
  index: number,
  h = 1e-6,
): number {
  const up = [...args];
  const down = [...args];
  up[index] = args[index]! + h;
  down[index] = args[index]! - h;
  return (f(up) - f(down)) / (2 * h);
}

/** True when x is at least `margin` away from every point in `points`. */
export function awayFrom(x: number, points: readonly number[], margin: number): boolean {
  return points.every((p) => Math.abs(x - p) >= margin);
}

/**
 * Compare an analytic gradient with the measured one and explain a mismatch in one sentence
 * naming the argument and both derivatives.
 */
export function expectGradient(
  analytic: unknown,
  measured: number,
  argument: string,
  options: Tolerance & { code?: string; mistake?: MistakeId; why?: string } = {},
): void {
  const extra: { code?: string; mistake?: MistakeId } = {};
  if (options.code !== undefined) extra.code = options.code;
  if (options.mistake !== undefined) extra.mistake = options.mistake;
  if (typeof analytic !== "number" || Number.isNaN(analytic)) {
    fail(
      `The gradient of ${argument} is ${analytic === undefined ? "undefined" : String(analytic)}; a number was expected (finite differences measure ${formatNumber(measured)}).`,
      extra,
    );
  }
  const tolerance = { rtol: options.rtol ?? 1e-4, atol: options.atol ?? 1e-6 };
  if (isClose(analytic, measured, tolerance)) return;
  fail(
    `The gradient of ${argument} is ${formatNumber(analytic)}, but nudging ${argument} shows it should be ${formatNumber(measured)}.${options.why ? ` ${options.why}` : ""}`,
    extra,
  );
}
