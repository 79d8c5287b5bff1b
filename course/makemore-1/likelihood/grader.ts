import fc from "fast-check";
import { wordLists } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { averageNll, countBigrams, probabilities } from "#reference/makemore/bigram.ts";
import { bigrams, vocabulary } from "#reference/makemore/words.ts";

type Target = typeof import("#solutions/10-likelihood/likelihood.ts");
const learner = loadTarget<Target>("likelihood.ts", ["averageNll", "perplexity"]);

/** P from the `train` words with the kit's counts and probabilities, over both lists' vocabulary. */
const setup = (name: "averageNll", train: readonly string[], test: readonly string[], k: number) =>
  `${importLearner(learner, name)}
import { countBigrams, probabilities, vocabulary } from "#reference/makemore/bigram.ts";
const train = ${JSON.stringify(train)};
const test = ${JSON.stringify(test)};
const { stoi } = vocabulary([...train, ...test]);
const P = probabilities(countBigrams(train, stoi), ${k});`;

check("nll", "the average negative log-likelihood of every bigram", 3, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(
    fc.tuple(wordLists, wordLists, fc.constantFrom(1, 0.5, 3)),
    async ([train, test, k]) => {
      const { stoi } = vocabulary([...train, ...test]);
      const expected = averageNll(probabilities(countBigrams(train, stoi), k), test, stoi);
      const pairs = bigrams(test).length;
      const code = `${setup("averageNll", train, test, k)}
const nll = averageNll(P, test, stoi);`;
      await scenario(learner, code, ({ nll }) => {
        const got = expectNumber(nll, "nll");
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
        expectClose(got, expected, "nll", {
          rtol: 1e-5,
          why: 'It is -(1/n) · Σ log P[i, j] over the n bigrams of the ".word."s.',
        });
      });
    },
  );
});

check("unseen", "an unseen bigram with no smoothing gives an infinite loss", 1, async () => {
  const code = `${setup("averageNll", ["ab", "ba"], ["aa"], 0)}
const nll = averageNll(P, test, stoi);`;
  await scenario(learner, code, ({ nll }) => {
    if (nll !== Number.POSITIVE_INFINITY)
      fail(
        `With P from ["ab", "ba"] and no smoothing, "aa" has a pair of probability 0, so its loss is Infinity; your code gives ${formatNumber(Number(nll))}.`,
      );
  });
});

check("perplexity", "perplexity is e to the average NLL", 1, async () => {
  for (const nll of [0, 1, 2.454, 3.2958]) {
    const code = `${importLearner(learner, "perplexity")}
const ppl = perplexity(${nll});`;
    await scenario(learner, code, ({ ppl }) => {
      expectClose(ppl, Math.exp(nll), "ppl", { rtol: 1e-12 });
    });
  }
});
