/**
 * The one results model every report format is made from (JSON, Gradescope, JUnit, the GitHub
 * step summary, the terminal table): the exercises' results as supervise.ts returns them, with
 * where they came from (provenance) and whether the graders can be trusted (integrity).
 */
import type { CheckStatus, ExerciseResult } from "../results.ts";

export const reportSchema = "gradlings-report/1";

export interface Provenance {
  readonly kit: { readonly name: string; readonly version: string };
  /** sha256 over the grader files (course/**\/*.ts and kit/**\/*.ts), path by path. */
  readonly gradersHash: string;
  /** sha256 of the exercise list, course/curriculum.ts. */
  readonly curriculumHash: string;
  /** sha256 over every file the manifest covers; what an instructor pins. */
  readonly kitDigest: string;
  /** The seed the checks drew their inputs from; null when it is the instructor's secret. */
  readonly seed: number | null;
  readonly seedSource: "flag" | "secret" | "env" | "default";
  readonly target: string;
  /** Whose work this is, when the grading was told (a roster, a Gradescope submission). */
  readonly learner?: string;
  readonly node: string;
  /** When grading started, ISO 8601. */
  readonly date: string;
}

export interface ReportIntegrity {
  readonly trusted: boolean;
  readonly manifest: "verified" | "modified" | "missing";
  readonly modified: readonly string[];
  readonly missing: readonly string[];
  readonly added: readonly string[];
  readonly pinned?: string;
  readonly message: string;
}

export interface CheckReport {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly points: number;
  readonly earned: number;
  readonly message: string;
  readonly code?: string;
  readonly mistake?: string;
  readonly notes?: readonly string[];
  /** The kit lacked something this check needs (see ExerciseReport.fault). */
  readonly fault?: "kit";
  readonly durationMs: number;
}

export interface ExerciseReport {
  readonly number: number;
  readonly slug: string;
  readonly title: string;
  readonly status: ExerciseResult["status"];
  readonly points: number;
  readonly earned: number;
  /** A sentence about the exercise as a whole (a time-out, a crash, borrowed code). */
  readonly message: string;
  /** Set when the exercise scored zero for using the answer instead of writing it. */
  readonly borrowed?: readonly string[];
  /**
   * "kit" when the grading kit, not the learner's code, kept the exercise from being graded
   * (a missing data file); the status is then "error" and the message has the fix.
   */
  readonly fault?: "kit";
  readonly durationMs: number;
  readonly checks: readonly CheckReport[];
}

export interface Totals {
  readonly points: number;
  readonly earned: number;
  readonly exercises: number;
  readonly passed: number;
  readonly failed: number;
  readonly error: number;
  readonly timeout: number;
  /** The run's wall time when the grader gives it (see buildReport), else the sum. */
  readonly durationMs: number;
}

export interface GradeReport {
  readonly schema: typeof reportSchema;
  readonly provenance: Provenance;
  readonly integrity: ReportIntegrity;
  readonly exercises: readonly ExerciseReport[];
  readonly totals: Totals;
  /** Every exercise passed and the graders are trusted: the exit code is 0 exactly when true. */
  readonly passed: boolean;
}

/** An exercise's result as the reports show it; `borrowed` sentences zero it. */
/** The sentence a borrowed answer gets, in `npm run grade`'s reports and the runner alike. */
export function borrowedSentence(borrowed: readonly string[]): string {
  return `Scored zero: ${borrowed.join(" ")} This exercise counts only when the code is your own.`;
}

export function exerciseReport(
  result: ExerciseResult,
  borrowed: readonly string[] = [],
): ExerciseReport {
  const checks: CheckReport[] = result.checks.map((c) => ({
    id: c.id,
    title: c.title,
    status: c.status,
    points: c.points,
    earned: c.earned,
    message: c.message,
    ...(c.code === undefined ? {} : { code: c.code }),
    ...(c.mistake === undefined ? {} : { mistake: c.mistake }),
    ...(c.notes === undefined ? {} : { notes: c.notes }),
    ...(c.fault === undefined ? {} : { fault: c.fault }),
    durationMs: Math.round(c.durationMs),
  }));
  const base = {
    number: result.number,
    slug: result.slug,
    title: result.title,
    points: result.points,
    durationMs: Math.round(result.durationMs),
  };
  if (borrowed.length === 0)
    return {
      ...base,
      status: result.status,
      earned: result.earned,
      message: result.message,
      ...(result.fault === undefined ? {} : { fault: result.fault }),
      checks,
    };
  const why = borrowedSentence(borrowed);
  return {
    ...base,
    status: "failed",
    earned: 0,
    message: why,
    borrowed,
    checks: checks.map((c) => ({ ...c, status: "failed", earned: 0, message: why })),
  };
}

/**
 * The totals; `wallMs` is how long the whole run took by the clock (exercises graded in
 * parallel overlap, so their durations do not add up to it).
 */
export function totalsOf(exercises: readonly ExerciseReport[], wallMs?: number): Totals {
  const count = (status: ExerciseReport["status"]) =>
    exercises.filter((e) => e.status === status).length;
  return {
    points: exercises.reduce((sum, e) => sum + e.points, 0),
    earned: exercises.reduce((sum, e) => sum + e.earned, 0),
    exercises: exercises.length,
    passed: count("passed"),
    failed: count("failed"),
    error: count("error"),
    timeout: count("timeout"),
    durationMs: Math.round(wallMs ?? exercises.reduce((sum, e) => sum + e.durationMs, 0)),
  };
}

/**
 * `wallMs` is the run's wall time, from its first exercise's start to its last's end: with
 * exercises graded in parallel, the sum of their durations overstates it.
 */
export function buildReport(
  provenance: Provenance,
  integrity: ReportIntegrity,
  exercises: readonly ExerciseReport[],
  wallMs?: number,
): GradeReport {
  const totals = totalsOf(exercises, wallMs);
  return {
    schema: reportSchema,
    provenance,
    integrity,
    exercises,
    totals,
    passed: integrity.trusted && exercises.every((e) => e.status === "passed"),
  };
}

/** "1.5 s", "120 ms": durations for people. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "3", "2.5": points without trailing zeros. */
export function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : String(Math.round(points * 100) / 100);
}

/** A check with no checks to show (the grader never declared them): the exercise as one line. */
export function checksOrWhole(exercise: ExerciseReport): readonly CheckReport[] {
  if (exercise.checks.length > 0) return exercise.checks;
  return [
    {
      id: "grading",
      title: "grading could run",
      status: exercise.status === "timeout" ? "timeout" : "error",
      points: exercise.points,
      earned: 0,
      message: exercise.message,
      durationMs: exercise.durationMs,
    },
  ];
}

/**
 * The sentence a gradebook shows for an exercise that did not pass: what went wrong with the
 * exercise as a whole, else the first check that did not pass; its first line, at most 300
 * characters. Empty when it passed.
 */
export function firstFailure(exercise: ExerciseReport): string {
  if (exercise.status === "passed") return "";
  const check = exercise.checks.find((c) => c.status !== "passed");
  const text = exercise.message || (check ? `${check.title}: ${check.message}` : "");
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  const flat = line.replace(/\s+/g, " ").trim();
  return flat.length <= 300 ? flat : `${flat.slice(0, 299)}…`;
}
