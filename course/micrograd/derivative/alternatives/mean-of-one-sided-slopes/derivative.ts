/**
 * The derivative of f at x, measured: nudge x a little each way and see how f moves.
 * The forward slope overshoots a quadratic's slope by a·h and the backward slope undershoots
 * it by as much, so their mean, the central difference, is exact for quadratics.
 */
export function derivative(f: (x: number) => number, x: number, h = 1e-5): number {
  const at = f(x);
  const forward = (f(x + h) - at) / h;
  const backward = (at - f(x - h)) / h;
  return (forward + backward) / 2;
}

/**
 * The partial derivative of f with respect to its argument number `index`: a function of that
 * one argument, the others held still, measured with derivative.
 */
export function partialDerivative(
  f: (...args: number[]) => number,
  args: readonly number[],
  index: number,
  h = 1e-5,
): number {
  const alongIndex = (t: number) => f(...args.map((value, i) => (i === index ? t : value)));
  return derivative(alongIndex, args[index]!, h);
}
