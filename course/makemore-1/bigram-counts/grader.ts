import { wordLists, wordsCode } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { countBigrams } from "#reference/makemore/bigram.ts";
import { bigrams, vocabulary } from "#reference/makemore/words.ts";
import { Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/08-bigram-counts/counts.ts");
const learner = loadTarget<Target>("counts.ts", ["countBigrams"]);

function expectTable(N: unknown, size: number): Tensor {
  if (!(N instanceof Tensor))
    fail(
      `\`countBigrams(words, stoi)\` should return a Tensor, but it returned ${describeValue(N)}.`,
    );
  if (N.ndim !== 2 || N.shape[0] !== size || N.shape[1] !== size)
    fail(
      `The count table should have shape [${size}, ${size}] (one row and one column per character of the vocabulary), but it has shape [${N.shape.join(", ")}].`,
    );
  return N;
}

/** Counts the words' bigrams with the learner's countBigrams, on the kit's vocabulary. */
const countCode = (words: readonly string[]) =>
  `${importLearner(learner, "countBigrams")}
import { vocabulary } from "#reference/makemore/words.ts";
${wordsCode(words)}
const { stoi } = vocabulary(words);
const N = countBigrams(words, stoi);`;

check("shape", "the table is V×V integer counts", 1, async () => {
  const words = ["emma", "olivia", "ava"];
  const size = vocabulary(words).stoi.size;
  await scenario(learner, countCode(words), ({ N: got }) => {
    const N = expectTable(got, size);
    if (N.dtype === "float32" || N.dtype === "float64")
      fail(
        `The counts are ${N.dtype}; counts are whole numbers: make the table with { dtype: "int32" }, as the lecture does.`,
      );
  });
});

check("counts", "every bigram counted, the start and end tokens included", 3, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(wordLists, async (words) => {
    const { stoi, itos } = vocabulary(words);
    const expected = countBigrams(words, stoi);
    const pairs = bigrams(words).length;
    await scenario(learner, countCode(words), ({ N: got, words: given, stoi: givenStoi }) => {
      // The grader's words and stoi, untouched: a list rewritten in place is named first.
      expectInputsUnchanged("countBigrams(words, stoi)", {
        words: [given, words],
        stoi: [givenStoi, stoi],
      });
      const N = expectTable(got, stoi.size);
      const total = N.sum().item();
      const startRow = N.index(0).sum().item();
      const endColumn = N.sum(0).get(0);
      if (total === pairs - words.length && (startRow === 0 || endColumn === 0)) {
        fail(
          `The counts add up to ${total}, one fewer per word than the ${pairs} bigrams: ${startRow === 0 ? 'row 0 (what follows the start token ".") is all zeros, so the start token is missing' : 'column 0 (a word ending, ". after a letter") is all zeros, so the end token is missing'}. Read each word as "." + word + ".".`,
          { mistake: startRow === 0 ? "bigram-missing-start" : "bigram-missing-end" },
        );
      }
      if (total !== pairs) fail(`The counts add up to ${total}, but there are ${pairs} bigrams.`);
      for (let i = 0; i < itos.length; i++) {
        for (let j = 0; j < itos.length; j++) {
          if (N.get(i, j) !== expected.get(i, j))
            fail(
              `N[${i}, ${j}] (the pair "${itos[i]}${itos[j]}") should be ${expected.get(i, j)}, but it is ${N.get(i, j)}.`,
            );
        }
      }
    });
  });
});
