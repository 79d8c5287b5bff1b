/**
 * The gradebook: one row per learner and exercise (points, status, the first failure's
 * sentence), written as gradebook.csv and gradebook.json, with each learner's totals in
 * totals.csv. A roster writes one; `npm run classroom -- merge` joins several (the shards of a
 * GitHub Actions matrix, Gradescope's results.json files) into one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import type { ExerciseReport, GradeReport, Provenance } from "#kit/report/model.ts";
import { firstFailure, reportSchema } from "#kit/report/model.ts";

export const gradebookSchema = "gradlings-gradebook/1";

export interface GradebookRow {
  readonly learner: string;
  readonly number: number;
  readonly exercise: string;
  readonly title: string;
  readonly earned: number;
  readonly points: number;
  readonly status: ExerciseReport["status"];
  /** "kit" when the kit, not the learner, kept the exercise from being graded. */
  readonly fault?: "kit";
  readonly firstFailure: string;
}

export interface GradebookLearner {
  readonly learner: string;
  /** Where the learner's work was read from. */
  readonly source: string;
  readonly earned: number;
  readonly points: number;
  /** Exercises passed. */
  readonly passed: number;
  readonly exercises: number;
  /** Wall-clock time from the learner's first exercise handed out to the last verdict. */
  readonly wallMs: number;
  /** The learner's full report, relative to the gradebook. */
  readonly report?: string;
  /**
   * Files of the kit (graders, reference, grade command) that differ in the learner's checkout
   * from the instructor's release. Their grade never uses them; this only says they were edited.
   */
  readonly kitChanged?: readonly string[];
}

export interface Gradebook {
  readonly schema: typeof gradebookSchema;
  readonly kit: Pick<Provenance, "kit" | "gradersHash" | "curriculumHash" | "kitDigest">;
  readonly seed: number | null;
  readonly seedSource: Provenance["seedSource"];
  readonly trusted: boolean;
  readonly integrity: string;
  readonly date: string;
  /** Wall-clock time of the grading that made it (for a merge: the sum of its parts'). */
  readonly wallMs: number;
  readonly exercises: readonly {
    readonly number: number;
    readonly slug: string;
    readonly title: string;
    readonly points: number;
  }[];
  readonly learners: readonly GradebookLearner[];
  readonly rows: readonly GradebookRow[];
}

/** A learner's report, with where it came from. */
export interface LearnerReport {
  readonly learner: string;
  readonly source: string;
  readonly report: GradeReport;
  readonly reportPath?: string;
  readonly wallMs: number;
  readonly kitChanged?: readonly string[];
}

export class GradebookError extends Error {}

/** The gradebook of learners graded with one kit and seed; `wallMs` is the whole run's. */
export function gradebookOf(
  learners: readonly LearnerReport[],
  wallMs: number,
  base?: string,
): Gradebook {
  const first = learners[0];
  if (!first) throw new GradebookError("There are no learners to put in a gradebook.");
  const p = first.report.provenance;
  return {
    schema: gradebookSchema,
    kit: {
      kit: p.kit,
      gradersHash: p.gradersHash,
      curriculumHash: p.curriculumHash,
      kitDigest: p.kitDigest,
    },
    seed: p.seed,
    seedSource: p.seedSource,
    trusted: learners.every((l) => l.report.integrity.trusted),
    integrity: first.report.integrity.message,
    date: p.date,
    wallMs: Math.round(wallMs),
    exercises: first.report.exercises.map((e) => ({
      number: e.number,
      slug: e.slug,
      title: e.title,
      points: e.points,
    })),
    learners: learners.map((l) => ({
      learner: l.learner,
      source: l.source,
      earned: l.report.totals.earned,
      points: l.report.totals.points,
      passed: l.report.totals.passed,
      exercises: l.report.totals.exercises,
      wallMs: Math.round(l.wallMs),
      ...(l.reportPath
        ? { report: base ? relative(base, l.reportPath).split("\\").join("/") : l.reportPath }
        : {}),
      ...(l.kitChanged ? { kitChanged: l.kitChanged } : {}),
    })),
    rows: learners.flatMap((l) =>
      l.report.exercises.map((e) => ({
        learner: l.learner,
        number: e.number,
        exercise: e.slug,
        title: e.title,
        earned: e.earned,
        points: e.points,
        status: e.status,
        ...(e.fault ? { fault: e.fault } : {}),
        firstFailure: firstFailure(e),
      })),
    ),
  };
}

/** One CSV cell: quoted when needed, and never read by a spreadsheet as a formula. */
function cell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `${[header, ...rows].map((row) => row.map(cell).join(",")).join("\n")}\n`;
}

export function gradebookCsv(gradebook: Gradebook): string {
  return csv(
    ["learner", "number", "exercise", "earned", "points", "status", "first_failure"],
    gradebook.rows.map((r) => [
      r.learner,
      r.number,
      r.exercise,
      r.earned,
      r.points,
      r.fault === "kit" ? "error (kit)" : r.status,
      r.firstFailure,
    ]),
  );
}

export function totalsCsv(gradebook: Gradebook): string {
  return csv(
    ["learner", "earned", "points", "exercises_passed", "exercises", "seconds"],
    gradebook.learners.map((l) => [
      l.learner,
      l.earned,
      l.points,
      l.passed,
      l.exercises,
      Math.round(l.wallMs / 100) / 10,
    ]),
  );
}

/** Writes gradebook.json, gradebook.csv and totals.csv into `out`; returns their paths. */
export function writeGradebook(out: string, gradebook: Gradebook): string[] {
  mkdirSync(out, { recursive: true });
  const files: [string, string][] = [
    ["gradebook.json", `${JSON.stringify(gradebook, null, 2)}\n`],
    ["gradebook.csv", gradebookCsv(gradebook)],
    ["totals.csv", totalsCsv(gradebook)],
  ];
  for (const [name, text] of files) writeFileSync(join(out, name), text);
  return files.map(([name]) => join(out, name));
}

// ---------------------------------------------------------------------------------------------
// Merging

/** An exercise's summary as the Gradescope results carry it (see kit/report/gradescope.ts). */
interface GradescopeExercise {
  readonly number: number;
  readonly slug: string;
  readonly title: string;
  readonly status: ExerciseReport["status"];
  readonly points: number;
  readonly earned: number;
  readonly fault?: "kit";
  readonly firstFailure: string;
}

interface GradescopeFile {
  readonly execution_time?: number;
  readonly extra_data?: {
    readonly provenance?: Provenance;
    readonly integrity?: { readonly trusted: boolean; readonly message: string };
    readonly exercises?: readonly GradescopeExercise[];
  };
}

/** A gradebook of one learner, from a Gradescope results.json made by `npm run grade`. */
function fromGradescope(path: string, results: GradescopeFile): Gradebook {
  const extra = results.extra_data;
  if (!extra?.provenance || !extra.integrity || !extra.exercises)
    throw new GradebookError(
      `${path} is a results.json, but not one written by this kit's grade command (it has no extra_data.exercises).`,
    );
  const p = extra.provenance;
  const learner = p.learner ?? basename(dirname(path));
  const exercises = extra.exercises;
  return {
    schema: gradebookSchema,
    kit: {
      kit: p.kit,
      gradersHash: p.gradersHash,
      curriculumHash: p.curriculumHash,
      kitDigest: p.kitDigest,
    },
    seed: p.seed,
    seedSource: p.seedSource,
    trusted: extra.integrity.trusted,
    integrity: extra.integrity.message,
    date: p.date,
    wallMs: (results.execution_time ?? 0) * 1000,
    exercises: exercises.map((e) => ({
      number: e.number,
      slug: e.slug,
      title: e.title,
      points: e.points,
    })),
    learners: [
      {
        learner,
        source: path,
        earned: exercises.reduce((s, e) => s + e.earned, 0),
        points: exercises.reduce((s, e) => s + e.points, 0),
        passed: exercises.filter((e) => e.status === "passed").length,
        exercises: exercises.length,
        wallMs: (results.execution_time ?? 0) * 1000,
        report: path,
      },
    ],
    rows: exercises.map((e) => ({
      learner,
      number: e.number,
      exercise: e.slug,
      title: e.title,
      earned: e.earned,
      points: e.points,
      status: e.status,
      ...(e.fault ? { fault: e.fault } : {}),
      firstFailure: e.firstFailure,
    })),
  };
}

/** A gradebook from one file: a gradebook.json, a report.json or a Gradescope results.json. */
export function readGradebookFile(path: string): Gradebook {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new GradebookError(`${path} could not be read as JSON (${(error as Error).message}).`);
  }
  const record = data as { schema?: string };
  if (record.schema === gradebookSchema) return data as Gradebook;
  if (record.schema === reportSchema) {
    const report = data as GradeReport;
    return gradebookOf(
      [
        {
          learner: report.provenance.learner ?? basename(dirname(path)),
          source: path,
          report,
          reportPath: path,
          wallMs: report.totals.durationMs,
        },
      ],
      report.totals.durationMs,
    );
  }
  if (typeof data === "object" && data !== null && "tests" in data)
    return fromGradescope(path, data as GradescopeFile);
  throw new GradebookError(
    `${path} is not a gradebook.json, a report.json or a Gradescope results.json of this kit.`,
  );
}

/**
 * The files a merge reads from a path: the file itself, or in a folder and the folders in it:
 * a gradebook.json (then nothing else there: its learners' reports are in it already), else a
 * results.json (Gradescope's; its report.json beside it is the same grading), else a report.json.
 */
export function gradebookFiles(path: string): string[] {
  if (!existsSync(path)) throw new GradebookError(`${path} does not exist.`);
  if (statSync(path).isFile()) return [path];
  for (const name of ["gradebook.json", "results.json", "report.json"])
    if (existsSync(join(path, name))) return [join(path, name)];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => gradebookFiles(join(path, entry.name)));
}

/**
 * One gradebook from several graded with the same graders: learners joined (each may appear
 * once), the same exercises in every part.
 */
export function mergeGradebooks(
  parts: readonly { path: string; gradebook: Gradebook }[],
): Gradebook {
  const first = parts[0];
  if (!first)
    throw new GradebookError("Nothing to merge: no gradebook, report or results file was found.");
  const seen = new Map<string, string>();
  for (const { path, gradebook } of parts) {
    if (gradebook.kit.gradersHash !== first.gradebook.kit.gradersHash)
      throw new GradebookError(
        `${path} was graded with other graders (sha256 ${gradebook.kit.gradersHash.slice(0, 12)}…) than ${first.path} (${first.gradebook.kit.gradersHash.slice(0, 12)}…); grades from different graders are not merged.`,
      );
    const slugs = gradebook.exercises.map((e) => e.slug).join(",");
    if (slugs !== first.gradebook.exercises.map((e) => e.slug).join(","))
      throw new GradebookError(
        `${path} grades other exercises than ${first.path}; grade every part with the same exercises.`,
      );
    for (const learner of gradebook.learners) {
      const before = seen.get(learner.learner);
      if (before !== undefined)
        throw new GradebookError(
          `${learner.learner} appears in both ${before} and ${path}; each learner may be graded once.`,
        );
      seen.set(learner.learner, path);
    }
  }
  const all = parts.map((p) => p.gradebook);
  const seeds = new Set(all.map((g) => `${g.seedSource}:${g.seed}`));
  return {
    ...first.gradebook,
    seed: seeds.size === 1 ? first.gradebook.seed : null,
    trusted: all.every((g) => g.trusted),
    integrity: all.find((g) => !g.trusted)?.integrity ?? first.gradebook.integrity,
    date: all.map((g) => g.date).sort()[0]!,
    wallMs: all.reduce((sum, g) => sum + g.wallMs, 0),
    learners: all.flatMap((g) => g.learners).sort((a, b) => a.learner.localeCompare(b.learner)),
    rows: all
      .flatMap((g) => g.rows)
      .sort((a, b) => a.learner.localeCompare(b.learner) || a.number - b.number),
  };
}
