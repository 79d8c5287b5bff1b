/** Random word lists for the makemore graders: small alphabets, short words, shown as code. */
import fc from "fast-check";

const letters = "abcdefghijklmnopqrstuvwxyz";

/** A list of 1-12 words of 1-7 characters from a random alphabet of 2-8 letters. */
export const wordLists: fc.Arbitrary<string[]> = fc
  .shuffledSubarray([...letters], { minLength: 2, maxLength: 8 })
  .chain((alphabet) =>
    fc.array(
      fc
        .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 7 })
        .map((cs) => cs.join("")),
      { minLength: 1, maxLength: 12 },
    ),
  );

export function wordsCode(words: readonly string[]): string {
  return `const words = ${JSON.stringify(words)};`;
}
