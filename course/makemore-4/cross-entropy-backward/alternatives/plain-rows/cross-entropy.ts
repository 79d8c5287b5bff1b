/**
 * The lecture's exercise 2: cross-entropy's backward in one expression.
 * Read README.md in this folder first.
 */
import { type Tensor, tensor } from "#reference/tensor/index.ts";

/**
 * The gradient of crossEntropy(logits, Yb) by logits, row by row in plain numbers: each row's
 * softmax (its max subtracted first, so exp never overflows), minus 1 at its answer, over n.
 */
export function dlogits(logits: Tensor, Yb: Tensor): Tensor {
  const rows = logits.tolist() as number[][];
  const answers = Yb.tolist() as number[];
  const n = rows.length;
  const gradient = rows.map((row, i) => {
    const max = Math.max(...row);
    const exps = row.map((x) => Math.exp(x - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e, j) => (e / total - (j === answers[i] ? 1 : 0)) / n);
  });
  return tensor(gradient, { dtype: logits.dtype });
}
