/**
 * From counts to probabilities, and from probabilities to new names.
 * Read README.md in this folder first.
 */
import { Generator, multinomial, type Tensor } from "#reference/tensor/index.ts";
import { todo } from "#reference/todo.ts";

/** P[i] = (N[i] + smoothing) / the sum of that row. */
export function probabilities(N: Tensor, smoothing: number): Tensor {
  return todo(
    "probabilities: add smoothing, make it float, divide each row by its sum (mind keepdim)",
  );
}

/** `count` names, each drawn one character at a time from P until "." comes up again. */
export function sampleNames(
  P: Tensor,
  itos: readonly string[],
  count: number,
  seed: number,
): string[] {
  return todo(
    "sampleNames: one Generator seeded once; multinomial on row P.index(ix) until ix is 0 again",
  );
}
