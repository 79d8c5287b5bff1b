/** The results model every report is made from: the runner's screen, JSON, JUnit, Gradescope. */

export type CheckStatus = "passed" | "failed" | "error" | "timeout" | "not-run";

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  readonly earned: number;
  readonly status: CheckStatus;
  /** One or more sentences for the learner; empty when passed. */
  readonly message: string;
  /** A few lines of code that reproduce the failure, when there is one. */
  readonly code?: string;
  /** The name of a known mistake from the catalogue, when the failure matches one. */
  readonly mistake?: string;
  /** Sentences that do not cost points (see note() in check.ts). */
  readonly notes?: readonly string[];
  /** Set when the check could not run for want of something the kit provides (a data file). */
  readonly fault?: "kit";
  readonly durationMs: number;
}

export interface ExerciseResult {
  readonly number: number;
  readonly slug: string;
  readonly title: string;
  readonly status: "passed" | "failed" | "error" | "timeout";
  readonly points: number;
  readonly earned: number;
  readonly checks: readonly CheckResult[];
  /** A sentence about the run as a whole (a time-out, a crash), empty otherwise. */
  readonly message: string;
  /**
   * Set when the kit, not the learner's code, kept the exercise from being graded (a missing
   * data file): the status is then "error" and the message says how the instructor fixes it.
   */
  readonly fault?: "kit";
  readonly seed: number;
  /** Wall-clock time from handing the exercise to a grading process to its verdict. */
  readonly durationMs: number;
  /**
   * The picture of the first failing check (a PNG under out/, beside its SVG), when the runner
   * drew one (`npm run exercise N -- --show`, see cli/lib/pictures/); the grader never sets it.
   */
  readonly picture?: string;
}

/** What the grading process writes, one JSON object a line, as it goes. */
export type GraderEvent =
  | { readonly type: "begin"; readonly slug: string }
  | {
      readonly type: "checks";
      readonly checks: readonly { id: string; title: string; points: number }[];
    }
  | { readonly type: "start"; readonly id: string }
  | {
      readonly type: "result";
      readonly id: string;
      readonly status: "passed" | "failed" | "error";
      readonly message: string;
      readonly code?: string;
      readonly mistake?: string;
      readonly notes?: readonly string[];
      /** Set when the learner's file could not be loaded at all. */
      readonly loadFailure?: true;
      /** Set when the check could not run for a reason of the kit's (see kit-failure.ts). */
      readonly fault?: "kit";
      readonly durationMs: number;
    }
  | { readonly type: "fatal"; readonly message: string }
  | {
      readonly type: "done";
      /**
       * Whether the process may grade another exercise of the same target: false when the
       * learner's code left something behind (a timer, a patched built-in or kit class, a
       * grown heap), with the reason in `why`.
       */
      readonly reusable?: boolean;
      readonly why?: string;
    };
