import { wordLists, wordsCode } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { bigrams, encodeBigrams, vocabulary } from "#reference/makemore/words.ts";

type Target = typeof import("#solutions/07-vocabulary/vocabulary.ts");
const learner = loadTarget<Target>("vocabulary.ts", ["vocabulary", "bigrams", "encodeBigrams"]);

check(
  "vocabulary",
  '"." is 0 and the sorted characters follow; stoi and itos are inverses',
  2,
  async () => {
    await learner(); // first, so that a file that does not load is an error, not a failed input
    await property(wordLists, async (words) => {
      const expected = vocabulary(words).itos;
      const code = `${importLearner(learner, "vocabulary")}
${wordsCode(words)}
const { stoi, itos } = vocabulary(words);`;
      await scenario(learner, code, ({ stoi, itos, words: given }) => {
        expectInputsUnchanged("vocabulary(words)", { words: [given, words] });
        if (!Array.isArray(itos))
          fail(`\`itos\` should be an array of characters, but it is ${describeValue(itos)}.`);
        if (itos[0] !== ".")
          fail(
            `\`itos[0]\` should be "." (the boundary token is index 0), but it is ${describeValue(itos[0])}.`,
          );
        if (JSON.stringify(itos) !== JSON.stringify(expected))
          fail(
            `\`itos\` should be ${JSON.stringify(expected)}, but it is ${JSON.stringify(itos)}: "." first, then each character once, sorted.`,
          );
        if (!(stoi instanceof Map))
          fail(
            `\`stoi\` should be a Map from character to index, but it is ${describeValue(stoi)}.`,
          );
        (itos as string[]).forEach((c, i) => {
          if (stoi.get(c) !== i)
            fail(
              `\`stoi.get(${JSON.stringify(c)})\` should be ${i} (its place in itos), but it is ${describeValue(stoi.get(c))}.`,
            );
        });
        if (stoi.size !== itos.length)
          fail(`\`stoi\` has ${stoi.size} entries but itos has ${itos.length}.`);
      });
    });
  },
);

check("bigrams", 'the bigrams of ".word." in order, with the start and end tokens', 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(wordLists, async (words) => {
    const expected = bigrams(words);
    const text = (pairs: readonly (readonly string[])[]) => pairs.map((p) => p.join("")).join(" ");
    const code = `${importLearner(learner, "bigrams")}
${wordsCode(words)}
const pairs = bigrams(words);`;
    await scenario(learner, code, ({ pairs, words: given }) => {
      expectInputsUnchanged("bigrams(words)", { words: [given, words] });
      if (!Array.isArray(pairs))
        fail(`\`pairs\` should be an array of pairs, but it is ${describeValue(pairs)}.`);
      const got = pairs as string[][];
      if (got.length === expected.length - words.length) {
        const missingEnd = got.every((p) => p[1] !== ".");
        const missingStart = got.every((p) => p[0] !== ".");
        if (missingEnd || missingStart) {
          fail(
            `\`bigrams(words)\` gives ${got.length} pairs, one fewer per word than the ${expected.length} it should: the ${missingEnd ? "end" : "start"} token is missing. Each word is read as "." + word + ".", so "${words[0]}" gives ${text(bigrams([words[0]!]))}.`,
            { mistake: missingEnd ? "bigram-missing-end" : "bigram-missing-start" },
          );
        }
      }
      if (text(got) !== text(expected))
        fail(`\`bigrams(words)\` should be ${text(expected)}, but it is ${text(got)}.`);
    });
  });
});

check("encode", "xs and ys are the bigrams' characters as indices", 1, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(wordLists, async (words) => {
    const expected = encodeBigrams(words, vocabulary(words).stoi);
    // The kit's vocabulary, so that this check does not depend on the learner's.
    const code = `${importLearner(learner, "encodeBigrams")}
import { vocabulary } from "#reference/makemore/words.ts";
${wordsCode(words)}
const { stoi } = vocabulary(words);
const encoded = encodeBigrams(words, stoi);`;
    await scenario(learner, code, ({ encoded, words: given }) => {
      expectInputsUnchanged("encodeBigrams(words, stoi)", { words: [given, words] });
      if (JSON.stringify(encoded?.xs) !== JSON.stringify(expected.xs))
        fail(
          `\`encoded.xs\` should be [${expected.xs.join(", ")}], but it is ${describeValue(encoded?.xs)}.`,
        );
      if (JSON.stringify(encoded?.ys) !== JSON.stringify(expected.ys))
        fail(
          `\`encoded.ys\` should be [${expected.ys.join(", ")}], but it is ${describeValue(encoded?.ys)}.`,
        );
    });
  });
});
