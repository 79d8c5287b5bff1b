/**
 * Grading targets into reports: what `npm run grade` does for one target and the roster does for
 * many. The exercises run under supervise.ts; then answers borrowed by import zero an exercise
 * (borrowing.ts), a missing data file makes it an error of the kit (kit-failure.ts), and every report
 * says where its grade came from (provenance) and whether the graders can be trusted.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DataError, ensureNames } from "#reference/makemore/data.ts";
import { borrowingsFromWatchLog, scanLearnerFiles } from "./borrowing.ts";
import type { ExerciseSpec as Exercise } from "./exercise.ts";
import { missingDataMessage } from "./kit-failure.ts";
import { fileHash, graderFiles, type IntegrityReport, kitVersion, sha256 } from "./manifest.ts";
import { displayPath, repoRoot } from "./paths.ts";
import {
  borrowedSentence,
  type ExerciseReport,
  exerciseReport,
  type Provenance,
} from "./report/model.ts";
import type { ExerciseResult } from "./results.ts";
import { defaultSeed } from "./seed.ts";
import { type GradeRun, gradeMany } from "./supervise.ts";

/** A seed: an integer is used as it is; any other text is hashed to one (for passphrases). */
export function seedFromText(text: string): number {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))) return Number(trimmed);
  return Number.parseInt(sha256(trimmed).slice(0, 8), 16);
}

export type SeedChoice = Pick<Provenance, "seed" | "seedSource"> & { readonly value: number };

/** --seed, then the instructor's secret GRADLINGS_GRADE_SEED, then GRADLINGS_SEED, then the default. */
export function chooseSeed(flag: string | undefined): SeedChoice {
  if (flag !== undefined) {
    const value = seedFromText(flag);
    return { value, seed: value, seedSource: "flag" };
  }
  const secret = process.env["GRADLINGS_GRADE_SEED"];
  if (secret) return { value: seedFromText(secret), seed: null, seedSource: "secret" };
  const env = process.env["GRADLINGS_SEED"];
  if (env) {
    const value = seedFromText(env);
    return { value, seed: value, seedSource: "env" };
  }
  return { value: defaultSeed, seed: defaultSeed, seedSource: "default" };
}

/** Where a grade comes from, for every report of one run. */
export function provenanceOf(
  seed: SeedChoice,
  integrity: IntegrityReport,
  target: string,
  started: Date,
): Provenance {
  const graderHashes = graderFiles().map((p) => `${fileHash(join(repoRoot, p))}  ${p}\n`);
  return {
    kit: { name: "gradlings", version: kitVersion() },
    gradersHash: sha256(graderHashes.join("")),
    curriculumHash: fileHash(join(repoRoot, "course", "curriculum.ts")),
    kitDigest: integrity.digest,
    seed: seed.seed,
    seedSource: seed.seedSource,
    target,
    node: process.version,
    date: started.toISOString(),
  };
}

/** A result for an exercise whose grading could not even be attempted. */
export function notGraded(
  exercise: Exercise,
  message: string,
  seed: number,
  fault?: "kit",
): ExerciseResult {
  return {
    number: exercise.number,
    slug: exercise.slug,
    title: exercise.title,
    status: "error",
    points: exercise.points,
    earned: 0,
    // The kit's fault is shown as one check, so that every report format says it per check.
    checks: fault
      ? [
          {
            id: "data",
            title: "the data files these checks need",
            points: exercise.points,
            earned: 0,
            status: "error",
            message,
            fault,
            durationMs: 0,
          },
        ]
      : [],
    message,
    ...(fault ? { fault } : {}),
    seed,
    durationMs: 0,
  };
}

/**
 * What every grading process would otherwise do for itself, done once before grading: the
 * WebAssembly kernels built (on a fresh checkout each process would compile them, for longer
 * than most time limits), and the data files the exercises need fetched (offline, a file the
 * kit already has is enough). Returns, for each data file it could not get, the sentence to
 * report instead of grading the exercises that need it.
 */
export async function prepareKit(
  exercises: readonly Exercise[],
): Promise<ReadonlyMap<string, string>> {
  // Loading the runtime builds the kernels when they are missing; a failure leaves the plain
  // kernels, which is the runtime's own fallback in every grading process too.
  await import("#reference/tensor/wasm/runtime.ts").catch(() => undefined);
  const missing = new Map<string, string>();
  if (exercises.some((e) => e.data?.includes("names.txt"))) {
    try {
      await ensureNames({ timeoutMs: 20_000, stallMs: 10_000 });
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      missing.set("names.txt", missingDataMessage("names.txt", error.message));
    }
  }
  return missing;
}

/**
 * Why a run's answers are borrowed (empty when they are the learner's own): the source scan
 * first; the run-time watch adds what it could not see (computed paths, CommonJS requires, files
 * read from disk, the reference's own functions re-exported through another module).
 */
export function borrowingsOf(exercise: Exercise, root: string, run: GradeRun): string[] {
  const borrowed = new Set(scanLearnerFiles(exercise, root).map((b) => b.message));
  if (borrowed.size === 0 && run.imports !== "")
    for (const message of borrowingsFromWatchLog(exercise, root, run.imports))
      borrowed.add(message);
  return [...borrowed];
}

/** The exercise's report: its run, zeroed with the reasons when its files borrow the answer. */
export function reportOf(exercise: Exercise, root: string, run: GradeRun): ExerciseReport {
  return exerciseReport(run, borrowingsOf(exercise, root, run));
}

/** A result zeroed because its answers are borrowed: every check failed, with the sentence. */
export function zeroedResult<R extends ExerciseResult>(result: R, borrowed: readonly string[]): R {
  if (borrowed.length === 0) return result;
  const why = borrowedSentence(borrowed);
  return {
    ...result,
    status: "failed",
    earned: 0,
    message: why,
    checks: result.checks.map((c) => ({
      id: c.id,
      title: c.title,
      points: c.points,
      earned: 0,
      status: "failed" as const,
      message: why,
      durationMs: c.durationMs,
    })),
  };
}

export interface TargetToGrade {
  /** The folder laid out like exercises/ (absolute). */
  readonly root: string;
  readonly exercises: readonly Exercise[];
}

export interface GradeTargetsOptions {
  readonly seed: number;
  readonly jobs: number;
  readonly timeLimitSeconds?: number;
  /** What prepareKit could not get. */
  readonly missingData?: ReadonlyMap<string, string>;
  /** Each exercise's report as soon as it is final. */
  readonly onReport?: (target: number, exercise: number, report: ExerciseReport) => void;
}

export interface GradedTarget {
  readonly exercises: readonly ExerciseReport[];
  /** Wall-clock time from this target's first exercise handed out to its last verdict. */
  readonly wallMs: number;
}

/**
 * Grades every target's exercises with one pool of grading processes, and returns each
 * target's reports in its exercises' order.
 */
export async function gradeTargets(
  targets: readonly TargetToGrade[],
  options: GradeTargetsOptions,
): Promise<GradedTarget[]> {
  const reports = targets.map((t) => new Array<ExerciseReport | undefined>(t.exercises.length));
  const spans = targets.map(() => ({ first: Number.POSITIVE_INFINITY, last: 0 }));
  const tasks: { exercise: Exercise; target: string }[] = [];
  const places: [number, number][] = [];
  targets.forEach((target, t) => {
    target.exercises.forEach((exercise, e) => {
      const missing = (exercise.data ?? []).flatMap((file) => options.missingData?.get(file) ?? []);
      const folder = join(target.root, exercise.slug);
      if (missing.length > 0) {
        reports[t]![e] = exerciseReport(notGraded(exercise, missing[0]!, options.seed, "kit"));
        options.onReport?.(t, e, reports[t]![e]!);
      } else if (!existsSync(folder)) {
        // Nothing to grade, and no process to start for it.
        reports[t]![e] = exerciseReport(
          notGraded(
            exercise,
            `${displayPath(folder)} does not exist, so there is nothing to grade. Restore it with \`npm run exercise -- ${exercise.slug} --reset\`.`,
            options.seed,
          ),
        );
        options.onReport?.(t, e, reports[t]![e]!);
      } else {
        tasks.push({ exercise, target: target.root });
        places.push([t, e]);
      }
    });
  });
  await gradeMany(tasks, {
    jobs: options.jobs,
    seed: options.seed,
    watchImports: true,
    ...(options.timeLimitSeconds === undefined
      ? {}
      : { timeLimitSeconds: options.timeLimitSeconds }),
    onResult: (task, run, index) => {
      const [t, e] = places[index]!;
      const now = performance.now();
      spans[t]!.first = Math.min(spans[t]!.first, now - run.durationMs);
      spans[t]!.last = Math.max(spans[t]!.last, now);
      reports[t]![e] = reportOf(task.exercise, targets[t]!.root, run);
      options.onReport?.(t, e, reports[t]![e]!);
    },
  });
  return targets.map((_, t) => ({
    exercises: reports[t]!.map((r) => r!),
    wallMs: spans[t]!.last > 0 ? spans[t]!.last - spans[t]!.first : 0,
  }));
}
