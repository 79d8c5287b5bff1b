/**
 * The released kit's grading files are recorded in course/manifest.json, and `npm run grade`
 * distrusts any that differ. A change to a grader must come with `npm run manifest`, or every
 * learner's grade would be reported as untrusted: this test is the reminder.
 */
import { expect, test } from "vitest";
import { verifyIntegrity } from "#kit/manifest.ts";

test("course/manifest.json records the grading files as they are (run `npm run manifest` after changing one)", () => {
  const integrity = verifyIntegrity();
  expect(integrity.trusted, integrity.message).toBe(true);
});
