/**
 * The released kit's grading files are recorded in graders/manifest.json, and `npm run grade`
 * distrusts any that differ. A change to a grader must come with `npm run manifest`, or every
 * learner's grade would be reported as untrusted: this test is the reminder.
 */
import { expect, test } from "vitest";
import { verifyIntegrity } from "../graders/kit/integrity.ts";

test("graders/manifest.json records the grading files as they are (run `npm run manifest` after changing one)", () => {
  const integrity = verifyIntegrity();
  expect(integrity.trusted, integrity.message).toBe(true);
});
