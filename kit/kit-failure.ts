/**
 * A check that could not run for a reason of the kit's, not the learner's: a data file the
 * instructor did not provide, say (most often on a grading machine without network access).
 * The grading process reports it as an error of the kit (`fault: "kit"`), with the instructor's
 * fix, and the exercise's status is "error", never a learner's "failed".
 */
export class KitFailure extends Error {
  override name = "KitFailure";
}

/**
 * The sentence for a data file the kit could not get: what happened, that the learner's code is
 * not at fault, and the fix on each kind of machine.
 */
export function missingDataMessage(file: string, detail: string): string {
  // The data module's sentences are "what happened; what to do": keep what happened.
  const cause = detail.split("; ")[0]!.replace(/[.\s]+$/, "");
  return `The grading kit could not get ${file}, which these checks need, so this exercise was not graded; nothing here is wrong with your code (${cause}). On your own machine: run \`npm run data\` once (or set GRADLINGS_NAMES=/path/to/${file}). Graded by your course: the instructor's kit needs data/${file} (the Gradescope zip made by \`npm run classroom -- gradescope\` carries it).`;
}
