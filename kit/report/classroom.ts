/**
 * GitHub Classroom's autograding reporter: it reads, from each runner step's `result` output,
 * base64 of a JSON object with `status` ("pass", "fail" or "error"), `max_score`, and `tests`
 * whose `score` values it sums, each with a `name`, `status` and `message`. One test per
 * exercise, so the Classroom page shows each exercise's points, partial work included.
 */
import type { ExerciseReport, GradeReport } from "./model.ts";

export type ClassroomStatus = "pass" | "fail" | "error";

export interface ClassroomTest {
  readonly name: string;
  readonly status: ClassroomStatus;
  readonly score: number;
  readonly max_score: number;
  readonly message: string;
  readonly test_code: string;
  readonly filename: string;
  readonly line_no: number;
}

export interface ClassroomResult {
  readonly version: 1;
  readonly status: ClassroomStatus;
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
}

/** The fields the reporter reads, for tests to hold the output to. */
export const classroomFields = {
  top: ["version", "status", "max_score", "tests"],
  test: ["name", "status", "score", "max_score", "message", "test_code", "filename", "line_no"],
  status: ["pass", "fail", "error"],
} as const;

function statusOf(exercise: ExerciseReport): ClassroomStatus {
  if (exercise.status === "passed") return "pass";
  return exercise.status === "failed" ? "fail" : "error";
}

export function toClassroom(report: GradeReport): ClassroomResult {
  const tests = report.exercises.map(
    (e): ClassroomTest => ({
      name: `${String(e.number).padStart(2, "0")} ${e.title}`,
      status: statusOf(e),
      score: e.earned,
      max_score: e.points,
      message: e.message,
      test_code: `npm run grade -- ${e.number}`,
      filename: "",
      line_no: 0,
    }),
  );
  // Untrusted graders make the whole run an error, whatever the points say.
  const status: ClassroomStatus = !report.integrity.trusted
    ? "error"
    : tests.every((t) => t.status === "pass")
      ? "pass"
      : tests.some((t) => t.status === "fail")
        ? "fail"
        : "error";
  return { version: 1, status, max_score: report.totals.points, tests };
}

/** The step output's value: base64 of the JSON, as the reporter decodes it. */
export function classroomOutput(report: GradeReport): string {
  return Buffer.from(JSON.stringify(toClassroom(report)), "utf8").toString("base64");
}
