/**
 * GitHub Classroom's autograding: the results its grading reporter action
 * (classroom-resources/autograding-grading-reporter) reads. The reporter takes a list of
 * runner ids and, for each, a base64-encoded JSON result in the environment variable
 * `<ID in capitals>_RESULTS`; graders' actions hand it over as a step output named `result`.
 * What it reads of a result:
 *
 * - `max_score`: the runner's points. The Classroom page gets the sum of every runner's
 *   `max_score` and the sum of every test's `score`.
 * - `status`: "pass", "fail" or "error"; any "fail" or "error" makes the check red.
 * - `tests[]`: `name`, `status` ("pass", "fail" or "error"), `score`, `message` (printed for an
 *   error), `test_code` (printed when present) and `line_no` (printed unless 0). Its table
 *   shows each runner's score as (tests passed / tests) × max_score.
 *
 * Here every exercise is a runner, so the run's log shows each exercise's points, and a check
 * worth k points is k one-point tests, so that the table's count and the Classroom's sum of
 * scores are both the points earned. (`version`, `filename` and `duration` are written as the
 * classroom-resources graders write them.)
 */
import type { ExerciseReport, GradeReport } from "./model.ts";
import { checksOrWhole } from "./model.ts";

export type ClassroomStatus = "pass" | "fail" | "error";

export interface ClassroomTest {
  readonly name: string;
  readonly status: ClassroomStatus;
  readonly score: number;
  readonly message: string;
  readonly test_code: string;
  readonly filename: string;
  readonly line_no: number;
  readonly duration: number;
}

export interface ClassroomResult {
  readonly version: 1;
  readonly status: ClassroomStatus;
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
}

export interface ClassroomRunner {
  /** The step id the reporter is given: letters and digits only. */
  readonly id: string;
  readonly result: ClassroomResult;
}

/** What the reporter reads, for checking a result. */
export const classroomFields = {
  result: ["status", "max_score", "tests"],
  test: ["name", "status", "score", "message", "test_code", "line_no"],
  status: ["pass", "fail", "error"],
  runnerId: /^[a-zA-Z0-9]+$/,
} as const;

/** "ex03backward": the exercise's runner id (the reporter accepts letters and digits). */
export function classroomRunnerId(exercise: Pick<ExerciseReport, "slug">): string {
  return `ex${exercise.slug.replace(/[^a-zA-Z0-9]/g, "")}`;
}

/**
 * Each result travels in one environment variable, and Linux refuses a variable over 128 KiB:
 * long messages and code are cut (the step summary and report.json keep them whole).
 */
const textLimit = 2000;
const clip = (text: string) =>
  text.length <= textLimit ? text : `${text.slice(0, textLimit - 1)}…`;

function exerciseStatus(exercise: ExerciseReport): ClassroomStatus {
  if (exercise.status === "passed") return "pass";
  return exercise.status === "error" ? "error" : "fail";
}

function exerciseRunner(exercise: ExerciseReport): ClassroomRunner {
  const tests: ClassroomTest[] = [];
  for (const check of checksOrWhole(exercise)) {
    const status: ClassroomStatus =
      check.status === "passed"
        ? "pass"
        : check.status === "error" || check.status === "timeout"
          ? "error"
          : "fail";
    const message = clip(check.status === "passed" ? "" : check.message || exercise.message);
    // One test a point, so that counting passed tests counts points; a fractional share stays one test.
    const shares = Number.isInteger(check.points) && check.points > 1 ? check.points : 1;
    for (let i = 1; i <= shares; i++) {
      tests.push({
        name:
          shares === 1
            ? `${exercise.number}. ${check.title}`
            : `${exercise.number}. ${check.title} (point ${i} of ${shares})`,
        status,
        score: shares === 1 ? check.earned : status === "pass" ? 1 : 0,
        message: i === 1 ? message : "",
        test_code: i === 1 ? clip(check.code ?? "") : "",
        filename: "",
        line_no: 0,
        duration: i === 1 ? check.durationMs : 0,
      });
    }
  }
  return {
    id: classroomRunnerId(exercise),
    result: { version: 1, status: exerciseStatus(exercise), max_score: exercise.points, tests },
  };
}

/** One runner per exercise, and one worth no points when the graders are not trusted. */
export function toClassroom(report: GradeReport): ClassroomRunner[] {
  const runners = report.exercises.map(exerciseRunner);
  if (!report.integrity.trusted) {
    runners.push({
      id: "integrity",
      result: {
        version: 1,
        status: "fail",
        max_score: 0,
        tests: [
          {
            name: "Grader integrity",
            status: "fail",
            score: 0,
            message: report.integrity.message,
            test_code: "",
            filename: "",
            line_no: 0,
            duration: 0,
          },
        ],
      },
    });
  }
  return runners;
}

/** A result as the reporter receives it: JSON, then base64. */
export function encodeClassroomResult(result: ClassroomResult): string {
  return Buffer.from(JSON.stringify(result), "utf8").toString("base64");
}

/** The lines for $GITHUB_ENV (each runner's result) and $GITHUB_OUTPUT (the runner list). */
export function classroomStepFiles(runners: readonly ClassroomRunner[]): {
  readonly env: string;
  readonly output: string;
} {
  return {
    env: runners
      .map((r) => `${r.id.toUpperCase()}_RESULTS=${encodeClassroomResult(r.result)}\n`)
      .join(""),
    output: `runners=${runners.map((r) => r.id).join(",")}\n`,
  };
}
