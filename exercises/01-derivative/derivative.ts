import { todo } from "#reference/todo.ts";

/**
 * The derivative of f at x, measured with the central difference:
 *
 *   (f(x + h) - f(x - h)) / (2 * h)
 *
 * Read README.md in this folder first.
 */
export function derivative(f: (x: number) => number, x: number, h = 1e-5): number {
  return todo("derivative(f, x, h): return the central difference (f(x + h) - f(x - h)) / (2h)");
}

/**
 * The partial derivative of f with respect to args[index], holding the other arguments still.
 * Do not change the array you are given: make copies with one entry nudged.
 */
export function partialDerivative(
  f: (...args: number[]) => number,
  args: readonly number[],
  index: number,
  h = 1e-5,
): number {
  return todo("partialDerivative(f, args, index, h): nudge args[index] by ±h in copies of args");
}
