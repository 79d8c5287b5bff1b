/**
 * Counting: N[i, j] is how often character j follows character i in the words.
 * Row i of N is everything the data says about what comes after i.
 */
import { ones, type Tensor, tensor, zeros } from "#reference/tensor/index.ts";

/** Cell (i, j) of a V×V table is entry i·V + j of the flat table: one index_add_ counts them all. */
export function countBigrams(words: readonly string[], stoi: ReadonlyMap<string, number>): Tensor {
  const V = stoi.size;
  const cells: number[] = [];
  for (const word of words) {
    let previous = stoi.get(".")!;
    for (const ch of word + ".") {
      const next = stoi.get(ch)!;
      cells.push(previous * V + next);
      previous = next;
    }
  }
  const flat = zeros([V * V], { dtype: "int32" });
  flat.indexAdd_(0, tensor(cells), ones([cells.length], { dtype: "int32" }));
  return flat.view(V, V);
}
