/**
 * Counting: N[i, j] is how often character j follows character i in the words.
 * Row i of N is everything the data says about what comes after i.
 */
import { oneHot, type Tensor, tensor } from "#reference/tensor/index.ts";

/**
 * With one-hot rows A for the first characters and B for the second, (Aᵀ B)[i, j] adds 1 for
 * every pair whose first is i and whose second is j: the count table in one product. The
 * product is taken in floats, exact for whole numbers below 2^24, and turned back into int32.
 */
export function countBigrams(words: readonly string[], stoi: ReadonlyMap<string, number>): Tensor {
  const firsts: number[] = [];
  const seconds: number[] = [];
  for (const word of words) {
    const ids = [".", ...word, "."].map((ch) => stoi.get(ch)!);
    firsts.push(...ids.slice(0, -1));
    seconds.push(...ids.slice(1));
  }
  const A = oneHot(tensor(firsts), stoi.size).float();
  const B = oneHot(tensor(seconds), stoi.size).float();
  return A.T.matmul(B).int();
}
