/**
 * A check that could not run for a reason of the kit's, not the learner's: a data file the
 * instructor did not provide, say. The grading process reports it as an error of the kit, with
 * the instructor's fix, and the exercise's status is "error", never a learner's "failed".
 */
export class KitFailure extends Error {
  override name = "KitFailure";
}
