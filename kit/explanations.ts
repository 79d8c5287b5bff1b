/**
 * Confirmed diagnoses. A wrong number has many possible causes: a sum where a mean belongs is a
 * ratio equal to a count, but so is a division by the wrong count, and a loss in log base 2 is a
 * ratio too. Each explanation predicts, from the right value and the input's counts, the wrong
 * value its mistake would give; a grader names one only when it predicts the learner's value on
 * every case it tried (at least two), and on one of them no other explanation does. One case
 * cannot tell a sum over 6 bigrams from a mean divided by 1/6; a second input with other counts can.
 */
import type { MistakeId } from "./check.ts";
import { isClose } from "./expect.ts";

/** What one graded case knew: the right value, the learner's, and the counts that shaped it. */
export interface Case {
  readonly expected: number;
  readonly got: number;
  /** The input's sizes or numbers the causes are computed from: { examples: 6, words: 2 }. */
  readonly counts: Readonly<Record<string, number>>;
}

export interface Explanation {
  /** What the learner's value would be, with this mistake, on a case. */
  readonly predict: (c: Case) => number;
  /** The sentence, given the first case (the one the learner sees). */
  readonly sentence: (c: Case) => string;
  readonly mistake?: MistakeId;
}

/** The right value with its sign flipped: a log-likelihood where its negative belongs. */
export const flippedSign = (
  sentence: Explanation["sentence"],
  mistake?: MistakeId,
): Explanation => ({
  predict: (c) => -c.expected,
  sentence,
  ...(mistake ? { mistake } : {}),
});

/** The right value times a count of the input: a sum where a mean over that count belongs. */
export const timesCount = (
  count: string,
  sentence: Explanation["sentence"],
  mistake?: MistakeId,
): Explanation => ({
  predict: (c) => c.expected * (c.counts[count] ?? Number.NaN),
  sentence,
  ...(mistake ? { mistake } : {}),
});

/** A mean divided by the wrong count: `wrong` instead of `right`. */
export const dividedBy = (
  wrong: string,
  right: string,
  sentence: Explanation["sentence"],
  mistake?: MistakeId,
): Explanation => ({
  predict: (c) => (c.expected * (c.counts[right] ?? Number.NaN)) / (c.counts[wrong] ?? Number.NaN),
  sentence,
  ...(mistake ? { mistake } : {}),
});

/** A natural log taken in another base: log_b(x) = ln(x) / ln(b). */
export const logBase = (
  base: number,
  sentence: Explanation["sentence"],
  mistake?: MistakeId,
): Explanation => ({
  predict: (c) => c.expected / Math.log(base),
  sentence,
  ...(mistake ? { mistake } : {}),
});

/** A count off by one (n - 1 or n + 1 in place of n) in a mean. */
export const offByOne = (
  count: string,
  by: 1 | -1,
  sentence: Explanation["sentence"],
  mistake?: MistakeId,
): Explanation => ({
  predict: (c) => {
    const n = c.counts[count] ?? Number.NaN;
    return (c.expected * n) / (n + by);
  },
  sentence,
  ...(mistake ? { mistake } : {}),
});

const agrees = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && isClose(a, b, { rtol: 1e-5, atol: 1e-9 });

/**
 * The one explanation confirmed by `cases` (the first is the learner's failing case), or
 * undefined. Confirmed: it predicts every case's wrong value, the cases are at least two, and on
 * at least one of them it is the only explanation that does, so no other could be the cause.
 */
export function confirmedExplanation(
  cases: readonly Case[],
  explanations: readonly Explanation[],
): Explanation | undefined {
  if (cases.length < 2) return undefined;
  const fitting = explanations.filter((e) => cases.every((c) => agrees(e.predict(c), c.got)));
  if (fitting.length !== 1) return undefined;
  const [only] = fitting as [Explanation];
  const separated = cases.some((c) =>
    explanations.every((e) => e === only || !agrees(e.predict(c), c.got)),
  );
  return separated ? only : undefined;
}
