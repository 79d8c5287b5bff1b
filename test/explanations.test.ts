/** kit/explanations.ts: a cause is named only when a second case separates it from the others. */
import { expect, test } from "vitest";
import {
  type Case,
  confirmedExplanation,
  dividedBy,
  flippedSign,
  logBase,
  offByOne,
  timesCount,
} from "#kit/explanations.ts";

const candidates = [
  flippedSign(() => "sign"),
  timesCount("n", () => "sum"),
  dividedBy("words", "n", () => "words"),
  offByOne("n", -1, () => "n - 1"),
  logBase(2, () => "log2"),
];
const named = (cases: Case[]) => confirmedExplanation(cases, candidates)?.sentence(cases[0]!);

test("one case is never enough, and a case that fits two causes names neither", () => {
  // n = 2: a sum (2e) and a mean over n - 1 (2e / 1) give the same number.
  const ambiguous: Case = { expected: 1.5, got: 3, counts: { n: 2, words: 1 } };
  expect(named([ambiguous])).toBeUndefined();
  expect(named([ambiguous, { expected: 2, got: 4, counts: { n: 2, words: 1 } }])).toBeUndefined();
});

test("a second case with other counts confirms the one cause that fits both", () => {
  const first: Case = { expected: 1.5, got: 3, counts: { n: 2, words: 1 } };
  expect(named([first, { expected: 2, got: 18, counts: { n: 9, words: 3 } }])).toBe("sum");
  expect(named([first, { expected: 2, got: 18 / 8, counts: { n: 9, words: 3 } }])).toBe("n - 1");
  expect(named([first, { expected: 2, got: 5, counts: { n: 9, words: 3 } }])).toBeUndefined();
  const log2: Case = { expected: 1, got: 1 / Math.LN2, counts: { n: 4, words: 2 } };
  expect(named([log2, { expected: 3, got: 3 / Math.LN2, counts: { n: 9, words: 3 } }])).toBe(
    "log2",
  );
});
