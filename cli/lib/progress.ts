/**
 * The learner's progress: which exercises passed, how many attempts, how many hints seen.
 * Saved atomically (a temporary file, flushed, then renamed over the old one), so a crash
 * mid-write leaves the previous version intact; a damaged file is set aside, not lost.
 */
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
import { displayPath, stateDir } from "#kit/paths.ts";

export interface ExerciseProgress {
  passedAt?: string;
  attempts: number;
  hintsSeen: number;
  lastStatus?: "passed" | "failed" | "error" | "timeout";
}

export interface Progress {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
}

export function progressPath(): string {
  return process.env["GRADLINGS_PROGRESS"] ?? join(stateDir, "progress.json");
}

export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, content);
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

/** Reads progress; a damaged file is moved aside with a warning and progress starts afresh. */
export function loadProgress(
  path = progressPath(),
  warn: (message: string) => void = () => {},
): Progress {
  if (!existsSync(path)) return { version: 1, exercises: {} };
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<Progress> | null;
    if (parsed?.version !== 1 || typeof parsed.exercises !== "object" || parsed.exercises === null)
      throw new Error("unexpected shape");
    return { version: 1, exercises: cleaned(parsed.exercises) };
  } catch {
    const aside = `${path}.damaged-${Date.now()}`;
    renameSync(path, aside);
    warn(
      `Your progress file was damaged; it is kept as ${displayPath(aside)} and progress starts afresh.`,
    );
    return { version: 1, exercises: {} };
  }
}

/** Keeps what makes sense of each entry (a file edited by hand may hold anything). */
function cleaned(exercises: Record<string, unknown>): Record<string, ExerciseProgress> {
  const count = (x: unknown) => (Number.isSafeInteger(x) && (x as number) > 0 ? (x as number) : 0);
  const result: Record<string, ExerciseProgress> = {};
  for (const [slug, value] of Object.entries(exercises)) {
    if (typeof value !== "object" || value === null) continue;
    const raw = value as Record<string, unknown>;
    const entry: ExerciseProgress = {
      attempts: count(raw["attempts"]),
      hintsSeen: count(raw["hintsSeen"]),
    };
    if (typeof raw["passedAt"] === "string") entry.passedAt = raw["passedAt"];
    const status = raw["lastStatus"];
    if (status === "passed" || status === "failed" || status === "error" || status === "timeout")
      entry.lastStatus = status;
    result[slug] = entry;
  }
  return result;
}

export function saveProgress(progress: Progress, path = progressPath()): void {
  writeFileAtomic(path, `${JSON.stringify(progress, null, 2)}\n`);
}

export function entry(progress: Progress, slug: string): ExerciseProgress {
  progress.exercises[slug] ??= { attempts: 0, hintsSeen: 0 };
  return progress.exercises[slug];
}
