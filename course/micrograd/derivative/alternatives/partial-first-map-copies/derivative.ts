/**
 * The partial derivative of f with respect to its argument number `index`: two copies of the
 * arguments, that one nudged up in one and down in the other, and the central difference.
 */
export const partialDerivative = (
  f: (...args: number[]) => number,
  args: readonly number[],
  index: number,
  h = 1e-5,
): number => {
  const nudged = (by: number) => args.map((value, i) => (i === index ? value + by : value));
  return (f(...nudged(h)) - f(...nudged(-h))) / (2 * h);
};

/** The derivative of a function of one argument: its only partial derivative. */
export const derivative = (f: (x: number) => number, x: number, h = 1e-5): number =>
  partialDerivative(f, [x], 0, h);
