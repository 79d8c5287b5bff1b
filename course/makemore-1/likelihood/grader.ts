import fc from "fast-check";
import { wordLists, wordsCode } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";
import { averageNll, countBigrams, probabilities } from "#reference/makemore/bigram.ts";
import { bigrams, vocabulary } from "#reference/makemore/words.ts";

type Target = typeof import("#solutions/10-likelihood/likelihood.ts");
const learner = loadTarget<Target>("likelihood.ts", ["averageNll", "perplexity"]);

const setup = (words: string[], k: number) =>
  `${wordsCode(words)}\nconst { stoi } = vocabulary(words);\nconst P = probabilities(countBigrams(words, stoi), ${k});`;

check("nll", "the average negative log-likelihood of every bigram", 3, async () => {
  const mine = await learner();
  await property(
    fc.tuple(wordLists, wordLists, fc.constantFrom(1, 0.5, 3)),
    ([train, test, k]) => {
      const { stoi } = vocabulary([...train, ...test]);
      const P = probabilities(countBigrams(train, stoi), k);
      const got = expectNumber(mine.averageNll(P, test, stoi), "averageNll(P, words, stoi)");
      const expected = averageNll(P, test, stoi);
      const pairs = bigrams(test).length;
      if (isClose(got, -expected, { rtol: 1e-5 })) {
        fail(
          `averageNll is ${formatNumber(got)}, the right size but negative: the log of a probability is negative, so the loss is minus the average log-likelihood.`,
          { mistake: "nll-sign" },
        );
      }
      if (pairs > 1 && isClose(got, expected * pairs, { rtol: 1e-5 })) {
        fail(
          `averageNll is ${formatNumber(got)}, the sum over all ${pairs} bigrams: divide by their number to get the average (${formatNumber(expected)}), so that losses of different data sets compare.`,
          { mistake: "nll-sum-not-mean" },
        );
      }
      expectClose(got, expected, "averageNll(P, words, stoi)", {
        rtol: 1e-5,
        why: 'It is -(1/n) · Σ log P[i, j] over the n bigrams of the ".word."s.',
      });
    },
    {
      show: ([train, test, k]) =>
        `${setup(train, k)}\nconst test = ${JSON.stringify(test)};\naverageNll(P, test, stoi);`,
    },
  );
});

check("unseen", "an unseen bigram with no smoothing gives an infinite loss", 1, async () => {
  const { averageNll: mine } = await learner();
  const train = ["ab", "ba"];
  const { stoi } = vocabulary(train);
  const P = probabilities(countBigrams(train, stoi), 0);
  const got = mine(P, ["aa"], stoi);
  if (got !== Number.POSITIVE_INFINITY)
    fail(
      `With P from ["ab", "ba"] and no smoothing, "aa" has a pair of probability 0, so its loss is Infinity; your code gives ${formatNumber(Number(got))}.`,
    );
});

check("perplexity", "perplexity is e to the average NLL", 1, async () => {
  const { perplexity } = await learner();
  for (const nll of [0, 1, 2.454, 3.2958])
    expectClose(perplexity(nll), Math.exp(nll), `perplexity(${nll})`, { rtol: 1e-12 });
});
