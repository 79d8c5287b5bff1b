/**
 * Faults of the kit, not of the learner: a check that cannot run because something the kit
 * provides is missing (names.txt, most often on a grading machine without network access).
 * The exercise is then an error with the fix, never a failure the learner is asked to debug.
 */
import { CheckFailure } from "./check.ts";

/** A check could not run for want of something the kit provides. */
export class KitFault extends CheckFailure {
  override name = "KitFault";
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
