/**
 * What the grading engine needs to know of an exercise. The course (course/curriculum.ts) lists
 * its exercises with this shape; the kit never imports the course.
 */

export interface ExerciseSpec {
  /** 1-based position in the course; also the number the learner types. Changes when an exercise is inserted before it. */
  readonly number: number;
  /**
   * The exercise's stable identity: it never changes when exercises are inserted or renumbered.
   * Progress is kept under it, and the course's folder for it is course/<track>/<id>/.
   */
  readonly id: string;
  /** Folder name under exercises/ and solutions/ (numbered, so that a file browser lists them in order). */
  readonly slug: string;
  readonly title: string;
  readonly track: string;
  /** Points for the whole exercise; the grader's checks share them out (a test keeps the sum). */
  readonly points: number;
  /** The files the learner edits, relative to the exercise folder. */
  readonly files: readonly string[];
  /** Hints, from a nudge to almost the answer; shown one at a time. */
  readonly hints: readonly string[];
  /**
   * Modules under reference/ that contain this exercise's answer (e.g. "micrograd/engine.ts").
   * A learner file that imports one of them, or anything from solutions/, scores zero.
   */
  readonly answerModules: readonly string[];
  /** What to try once the exercise passes (a picture to look at, a run to watch). */
  readonly afterPass?: string;
  /**
   * Hard limit for one grading run, in seconds of the grading process's CPU time (with a
   * wall-clock backstop), enforced from outside the grading process: see kit/time-limit.ts.
   */
  readonly timeLimitSeconds: number;
  /**
   * Data files the checks read (from data/). When the kit cannot get one, the exercise is
   * reported as an error of the kit with the instructor's fix, and not graded.
   */
  readonly data?: readonly "names.txt"[];
}
