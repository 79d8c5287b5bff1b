import fc from "fast-check";
import { wordLists } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { formatNumber } from "#kit/diagnose.ts";
import { expectClose, expectNumber, isClose } from "#kit/expect.ts";
import {
  type Case,
  confirmedExplanation,
  dividedBy,
  type Explanation,
  flippedSign,
  logBase,
  offByOne,
  timesCount,
} from "#kit/explanations.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, runScenario, scenario } from "#kit/scenario.ts";
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

/** The causes of a wrong average NLL this check can tell apart, each with its sentence. */
const nllExplanations: readonly Explanation[] = [
  flippedSign(
    (c) =>
      `averageNll is ${formatNumber(c.got)}, the right size but negative: the log of a probability is negative, so the loss is minus the average log-likelihood.`,
    "nll-sign",
  ),
  timesCount(
    "bigrams",
    (c) =>
      `averageNll is ${formatNumber(c.got)}, the sum over all ${c.counts["bigrams"]} bigrams: divide by their number to get the average (${formatNumber(c.expected)}), so that losses of different data sets compare.`,
    "nll-sum-not-mean",
  ),
  dividedBy(
    "words",
    "bigrams",
    (c) =>
      `averageNll is ${formatNumber(c.got)}, the sum divided by the ${c.counts["words"]} words: the average is over the ${c.counts["bigrams"]} bigrams (each word gives one per character, plus its end), which makes ${formatNumber(c.expected)}.`,
  ),
  offByOne(
    "bigrams",
    -1,
    (c) =>
      `averageNll is ${formatNumber(c.got)}, the sum divided by ${c.counts["bigrams"]! - 1}, one fewer than the ${c.counts["bigrams"]} bigrams: count every pair, the first and the last included.`,
  ),
  logBase(
    2,
    (c) =>
      `averageNll is ${formatNumber(c.got)}, which is the average in log base 2 (${formatNumber(c.expected)} / ln 2). The loss uses the natural log, as the lecture's torch.log does: Math.log.`,
  ),
  logBase(
    10,
    (c) =>
      `averageNll is ${formatNumber(c.got)}, which is the average in log base 10 (${formatNumber(c.expected)} / ln 10). The loss uses the natural log, as the lecture's torch.log does: Math.log, not Math.log10.`,
    "log-base-10",
  ),
];

/** The learner's average NLL on a fixed input whose counts differ from `counts`. */
async function secondCase(counts: Readonly<Record<string, number>>): Promise<Case> {
  const train = ["abba", "cab", "bc"];
  const candidates = [
    ["ab", "bca", "c"],
    ["abc", "ba", "cc", "a"],
  ];
  const test =
    candidates.find((t) => {
      const n = bigrams(t).length;
      return (
        n !== counts["bigrams"] && n * (counts["words"] ?? 0) !== t.length * counts["bigrams"]!
      );
    }) ?? candidates[0]!;
  const { stoi } = vocabulary([...train, ...test]);
  const expected = averageNll(probabilities(countBigrams(train, stoi), 1), test, stoi);
  const values = await runScenario(
    learner,
    `${setup("averageNll", train, test, 1)}\nconst nll = averageNll(P, test, stoi);`,
  );
  return {
    expected,
    got: Number(values["nll"]),
    counts: { bigrams: bigrams(test).length, words: test.length },
  };
}

check("nll", "the average negative log-likelihood of every bigram", 3, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(
    fc.tuple(wordLists, wordLists, fc.constantFrom(1, 0.5, 3)),
    async ([train, test, k]) => {
      const { stoi } = vocabulary([...train, ...test]);
      // The grader's own P, test words and stoi: the learner's are compared with them after.
      const P = probabilities(countBigrams(train, stoi), k);
      const expected = averageNll(P, test, stoi);
      const pairs = bigrams(test).length;
      const code = `${setup("averageNll", train, test, k)}
const nll = averageNll(P, test, stoi);`;
      await scenario(learner, code, async (values) => {
        expectInputsUnchanged("averageNll(P, test, stoi)", {
          P: [values["P"], P],
          test: [values["test"], test],
          stoi: [values["stoi"], stoi],
        });
        const { nll } = values;
        const got = expectNumber(nll, "nll");
        if (!isClose(got, expected, { rtol: 1e-5 })) {
          // A cause is named only once a second input, with other counts, confirms it.
          const first: Case = { expected, got, counts: { bigrams: pairs, words: test.length } };
          const second = await secondCase(first.counts);
          const why = confirmedExplanation([first, second], nllExplanations);
          if (why) fail(why.sentence(first), why.mistake ? { mistake: why.mistake } : {});
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
