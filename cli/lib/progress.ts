/**
 * The learner's progress: which exercises passed, how many attempts, how many hints seen.
 * Kept under each exercise's stable id, so inserting an exercise (which renumbers the folders)
 * loses nothing. A pass remembers a hash of the files that passed: the ✔ stands only while
 * those files are unchanged.
 *
 * Saved atomically (a temporary file, flushed, then renamed over the old one), so a crash
 * mid-write leaves the previous version intact; a damaged file is set aside, not lost.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { displayPath, repoRoot, stateDir } from "#kit/paths.ts";

export type GradeStatus = "passed" | "failed" | "error" | "timeout";

export interface Pass {
  /** When it passed. */
  at: string;
  /**
   * sha256 of the learner's files as they passed (see `learnerFilesHash`). Absent only for a
   * pass carried over from a version-1 file, which recorded no hash: such a pass is trusted
   * until the exercise is graded again.
   */
  sha256?: string;
}

export interface ExerciseProgress {
  attempts: number;
  hintsSeen: number;
  lastStatus?: GradeStatus;
  /** The first time the exercise passed. It opens the solution for good. */
  firstPassedAt?: string;
  /** The pass that stands: cleared by a later failing grade and by a reset. */
  pass?: Pass;
}

export interface Progress {
  version: 2;
  /** Keyed by the exercise's id (curriculum.ts), never by its numbered folder. */
  exercises: Record<string, ExerciseProgress>;
  /**
   * Entries of a version-1 file that name no exercise of this course, kept as they were so
   * that nothing is lost (an exercise since removed, or a file edited by hand).
   */
  setAside: Record<string, unknown>;
}

/** How an exercise stands, as the list shows it. */
export type Standing = "passed" | "changed" | "failing" | "untried";

export function emptyProgress(): Progress {
  return { version: 2, exercises: {}, setAside: {} };
}

export function progressPath(): string {
  return process.env["GRADLINGS_PROGRESS"] ?? join(stateDir, "progress.json");
}

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    if (typeof content === "string") writeSync(fd, content);
    else writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  // Make the rename itself durable; not every platform lets a folder be opened for this.
  try {
    const folder = openSync(dirname(path), "r");
    fsyncSync(folder);
    closeSync(folder);
  } catch {
    // The file is complete either way; only the rename might be replayed after a power cut.
  }
}

/**
 * Reads progress. A version-1 file (keyed by numbered folder names) is migrated here and
 * written back as version 2 by the next save. A damaged file is moved aside with a warning and
 * progress starts afresh.
 */
export function loadProgress(
  path = progressPath(),
  warn: (message: string) => void = () => {},
  exercises: readonly Pick<Exercise, "id" | "slug">[] = curriculum,
): Progress {
  if (!existsSync(path)) return emptyProgress();
  let parsed: { version?: unknown; exercises?: unknown; setAside?: unknown } | null;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
    if (
      (parsed?.version !== 1 && parsed?.version !== 2) ||
      !isRecord(parsed.exercises) ||
      Array.isArray(parsed.exercises)
    )
      throw new Error("unexpected shape");
  } catch {
    const aside = `${path}.damaged-${Date.now()}`;
    renameSync(path, aside);
    warn(
      `Your progress file was damaged; it is kept as ${displayPath(aside)} and progress starts afresh.`,
    );
    return emptyProgress();
  }
  if (parsed.version === 2) {
    const progress = emptyProgress();
    for (const [id, value] of Object.entries(parsed.exercises)) {
      const entry = cleaned(value);
      if (entry) progress.exercises[id] = entry;
    }
    if (isRecord(parsed.setAside)) progress.setAside = { ...parsed.setAside };
    return progress;
  }
  return migrated(parsed.exercises, exercises, warn);
}

/** A version-1 file's entries, re-keyed from folder names (`03-backward`) to ids (`backward`). */
function migrated(
  entries: Record<string, unknown>,
  exercises: readonly Pick<Exercise, "id" | "slug">[],
  warn: (message: string) => void,
): Progress {
  const progress = emptyProgress();
  for (const [slug, value] of Object.entries(entries)) {
    // The folder name as it was; failing that, its name without the number, which is the id
    // (in case the folders were renumbered before this file was migrated).
    const exercise =
      exercises.find((e) => e.slug === slug) ??
      exercises.find((e) => e.id === slug.replace(/^\d+-/, ""));
    const entry = exercise ? cleanedVersion1(value) : undefined;
    if (exercise && entry && !progress.exercises[exercise.id]) {
      progress.exercises[exercise.id] = entry;
    } else {
      progress.setAside[slug] = value;
    }
  }
  const aside = Object.keys(progress.setAside);
  if (aside.length > 0) {
    warn(
      `Your progress file names ${aside.length === 1 ? "an exercise" : "exercises"} this course does not have (${aside.join(", ")}); ${aside.length === 1 ? "it is" : "they are"} kept in the file under "setAside".`,
    );
  }
  return progress;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function count(value: unknown): number {
  return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : 0;
}

function gradeStatus(value: unknown): GradeStatus | undefined {
  return value === "passed" || value === "failed" || value === "error" || value === "timeout"
    ? value
    : undefined;
}

/** Keeps what makes sense of a version-2 entry (a file edited by hand may hold anything). */
function cleaned(value: unknown): ExerciseProgress | undefined {
  if (!isRecord(value)) return undefined;
  const entry: ExerciseProgress = {
    attempts: count(value["attempts"]),
    hintsSeen: count(value["hintsSeen"]),
  };
  const status = gradeStatus(value["lastStatus"]);
  if (status) entry.lastStatus = status;
  const pass = value["pass"];
  if (isRecord(pass) && typeof pass["at"] === "string") {
    entry.pass = { at: pass["at"] };
    const sha256 = pass["sha256"];
    if (typeof sha256 === "string" && /^[0-9a-f]{64}$/.test(sha256)) entry.pass.sha256 = sha256;
  }
  const first = value["firstPassedAt"];
  if (typeof first === "string") entry.firstPassedAt = first;
  else if (entry.pass) entry.firstPassedAt = entry.pass.at;
  return entry;
}

/**
 * A version-1 entry: `passedAt` was the first pass, and it stayed however later grades went.
 * It becomes the first pass (the solution stays open) and, unless the last grade failed, a
 * standing pass without a hash, trusted until the exercise is graded again.
 */
function cleanedVersion1(value: unknown): ExerciseProgress | undefined {
  if (!isRecord(value)) return undefined;
  const entry: ExerciseProgress = {
    attempts: count(value["attempts"]),
    hintsSeen: count(value["hintsSeen"]),
  };
  const status = gradeStatus(value["lastStatus"]);
  if (status) entry.lastStatus = status;
  const passedAt = value["passedAt"];
  if (typeof passedAt === "string") {
    entry.firstPassedAt = passedAt;
    if (status === undefined || status === "passed") entry.pass = { at: passedAt };
  }
  return entry;
}

export function saveProgress(progress: Progress, path = progressPath()): void {
  const { setAside, ...rest } = progress;
  const written = Object.keys(setAside).length > 0 ? { ...rest, setAside } : rest;
  writeFileAtomic(path, `${JSON.stringify(written, null, 2)}\n`);
}

export function entry(progress: Progress, id: string): ExerciseProgress {
  progress.exercises[id] ??= { attempts: 0, hintsSeen: 0 };
  return progress.exercises[id];
}

/**
 * sha256 of an exercise's files in `folder` (the curriculum's `files`, in order), with line
 * endings made `\n` so that an editor or git switching them does not count as a change.
 */
export function filesHash(folder: string, files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) {
    const path = join(folder, file);
    const content = existsSync(path)
      ? readFileSync(path, "utf8").replace(/\r\n?/g, "\n")
      : undefined;
    // Each file's name and length go first, so no two sets of files hash alike by accident.
    hash.update(`${file}\0`);
    if (content === undefined) hash.update("missing\0");
    else hash.update(`${Buffer.byteLength(content)}\0${content}\0`);
  }
  return hash.digest("hex");
}

/** The hash of the learner's own files of one exercise, in exercises/. */
export function learnerFilesHash(exercise: Pick<Exercise, "slug" | "files">): string {
  return filesHash(join(repoRoot, "exercises", exercise.slug), exercise.files);
}

/** Records one grade of the learner's files, whose hash (taken before grading) is `sha256`. */
export function recordGrade(
  record: ExerciseProgress,
  status: GradeStatus,
  sha256: string,
  now: Date = new Date(),
): void {
  record.attempts += 1;
  record.lastStatus = status;
  if (status === "passed") {
    record.firstPassedAt ??= now.toISOString();
    record.pass = { at: now.toISOString(), sha256 };
  } else {
    delete record.pass;
  }
}

/** The stub is back: nothing of the learner's passes now, and nothing has been tried. */
export function recordReset(record: ExerciseProgress): void {
  delete record.pass;
  delete record.lastStatus;
}

/**
 * How an exercise stands. `currentHash` is asked for only when a pass has a hash to compare,
 * so listing progress reads no file that it does not need.
 */
export function standing(
  record: ExerciseProgress | undefined,
  currentHash: () => string,
): Standing {
  if (record?.pass) {
    const { sha256 } = record.pass;
    return sha256 === undefined || sha256 === currentHash() ? "passed" : "changed";
  }
  const status = record?.lastStatus;
  return status !== undefined && status !== "passed" ? "failing" : "untried";
}
