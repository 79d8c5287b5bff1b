/**
 * The bigram model as a neural network: one-hot inputs, a 27×27 weight matrix, and softmax
 * to turn the network's outputs (logits) into probabilities.
 */
import { stack, type Tensor, tensor } from "#reference/tensor/index.ts";

/** Row k is all zeros but a 1 at xs[k], built as plain arrays and made a float tensor. */
export function oneHotInputs(xs: Tensor, size: number): Tensor {
  const rows: number[][] = [];
  for (const x of xs.tolist() as number[]) {
    const row = new Array<number>(size).fill(0);
    row[x] = 1;
    rows.push(row);
  }
  return tensor(rows, { dtype: "float32" });
}

/** A one-hot row times W is the row of W it points at: the logits are those rows, stacked. */
export function bigramLogits(W: Tensor, xs: Tensor): Tensor {
  const rows: Tensor[] = [];
  for (const x of xs.tolist() as number[]) rows.push(W.index(x));
  return stack(rows, 0);
}

/** Softmax of each row on its own: shifted by its max (so exp cannot overflow), exp, normalised. */
export function softmaxRows(logits: Tensor): Tensor {
  const rows = logits.unbind(0).map((row) => {
    const counts = row.sub(row.max()).exp();
    return counts.div(counts.sum());
  });
  return stack(rows, 0);
}
