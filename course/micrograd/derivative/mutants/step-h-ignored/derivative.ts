/**
 * The derivative of f at x, measured: nudge x a little each way and see how f moves.
 * The central difference (f(x + h) - f(x - h)) / 2h is exact for quadratics and its error
 * shrinks with h², where the one-sided (f(x + h) - f(x)) / h only shrinks with h.
 */
export function derivative(f: (x: number) => number, x: number, _h = 1e-5): number {
  const h = 1e-5;
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * The partial derivative of f with respect to its argument number `index`: nudge that one
 * argument, hold the others still.
 */
export function partialDerivative(
  f: (...args: number[]) => number,
  args: readonly number[],
  index: number,
  h = 1e-5,
): number {
  const up = [...args];
  const down = [...args];
  up[index] = args[index]! + h;
  down[index] = args[index]! - h;
  return (f(...up) - f(...down)) / (2 * h);
}
