/**
 * Gradescope's autograder results.json: top-level score, execution_time (seconds), output,
 * visibility, stdout_visibility, extra_data and tests[]; each test has name, number, score,
 * max_score, status ("passed" or "failed"), output and visibility. One test per check, so
 * partial credit shows check by check.
 */
import { checksOrWhole, firstFailure, formatPoints, type GradeReport } from "./model.ts";

export interface GradescopeTest {
  readonly name: string;
  readonly number: string;
  readonly score: number;
  readonly max_score: number;
  readonly status: "passed" | "failed";
  readonly output: string;
  readonly visibility: "visible" | "hidden" | "after_due_date" | "after_published";
  readonly tags?: readonly string[];
}

export interface GradescopeResults {
  readonly score: number;
  readonly execution_time: number;
  readonly output: string;
  readonly visibility: "visible" | "hidden" | "after_due_date" | "after_published";
  readonly stdout_visibility: "visible" | "hidden";
  readonly extra_data: Record<string, unknown>;
  readonly tests: readonly GradescopeTest[];
}

/** The fields Gradescope documents, for checking a results file. */
export const gradescopeFields = {
  top: [
    "score",
    "execution_time",
    "output",
    "visibility",
    "stdout_visibility",
    "extra_data",
    "tests",
    "output_format",
    "test_output_format",
    "test_name_format",
    "leaderboard",
  ],
  test: [
    "score",
    "max_score",
    "status",
    "name",
    "name_format",
    "number",
    "output",
    "output_format",
    "tags",
    "visibility",
    "extra_data",
  ],
  visibility: ["hidden", "after_due_date", "after_published", "visible"],
  status: ["passed", "failed"],
} as const;

export function toGradescope(report: GradeReport): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const exercise of report.exercises) {
    checksOrWhole(exercise).forEach((check, index) => {
      const lines = [check.message, check.code ?? ""].filter((l) => l !== "");
      if (check.status === "timeout") lines.unshift("Timed out.");
      if (check.status === "not-run") lines.unshift("Not run.");
      tests.push({
        name: `${String(exercise.number).padStart(2, "0")} ${exercise.title}: ${check.title}`,
        number: `${exercise.number}.${index + 1}`,
        score: check.earned,
        max_score: check.points,
        status: check.status === "passed" ? "passed" : "failed",
        output: lines.join("\n\n"),
        visibility: "visible",
        tags: [exercise.slug, check.id],
      });
    });
  }
  if (!report.integrity.trusted) {
    tests.push({
      name: "Grader integrity",
      number: "0.1",
      score: 0,
      max_score: 0,
      status: "failed",
      output: report.integrity.message,
      visibility: "visible",
    });
  }
  const { totals, provenance } = report;
  return {
    score: totals.earned,
    execution_time: Math.round(totals.durationMs / 1000),
    output: [
      `gradlings ${provenance.kit.version}: ${formatPoints(totals.earned)} of ${formatPoints(totals.points)} points; ${totals.passed} of ${totals.exercises} exercises passed.`,
      report.integrity.message,
    ].join("\n"),
    visibility: "visible",
    stdout_visibility: "hidden",
    // What `npm run classroom -- merge` reads back into a gradebook.
    extra_data: {
      provenance,
      integrity: report.integrity,
      exercises: report.exercises.map((e) => ({
        number: e.number,
        slug: e.slug,
        title: e.title,
        status: e.status,
        points: e.points,
        earned: e.earned,
        message: e.message,
        ...(e.fault ? { fault: e.fault } : {}),
        firstFailure: firstFailure(e),
      })),
    },
    tests,
  };
}
