/**
 * The type check's verdicts, kept by what they judged: a learner who grades an unchanged file
 * again (a replay with --seed, `npm run exercise next`, the watch mode after a hint) gets the
 * verdict tsc gave it, without starting tsc. A verdict is kept with every file tsc read for it
 * (tsc's own --listFiles: the learner's files, the kit's reference they import, the standard
 * library and @types), and it is used only while every one of them is as it was then: the
 * learner's folder by content, the rest by size and modification time.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { ExerciseSpec } from "./exercise.ts";
import { repoRoot, stateDir } from "./paths.ts";
import type { TypeProblem } from "./typecheck.ts";

/** Bump when what a verdict means changes (the settings, the parsing of tsc's output). */
const format = 1;

const cacheDir = join(stateDir, "typecheck-cache");

interface Entry {
  readonly format: number;
  /** The learner's folder (names and contents) and the command, hashed. */
  readonly key: string;
  /** Every other file the verdict depends on: [path, size, modification time]. */
  readonly files: ReadonlyArray<readonly [string, number, number]>;
  readonly problems: readonly TypeProblem[];
}

function hash(parts: readonly string[]): string {
  const h = createHash("sha256");
  for (const part of parts) h.update(`${part.length}:${part}`);
  return h.digest("hex");
}

/** One cached verdict a learner's folder: its name says which folder, not what was in it. */
function entryPath(root: string, exercise: ExerciseSpec): string {
  return join(cacheDir, `${hash([root, exercise.slug]).slice(0, 24)}.json`);
}

/**
 * What the verdict of this folder depends on besides the files tsc lists: its own files by
 * content (a new file beside the learner's can change what an import resolves to), and the
 * compiler command.
 */
export function folderKey(
  root: string,
  exercise: ExerciseSpec,
  command: readonly string[],
): string {
  const folder = join(root, exercise.slug);
  const parts = [String(format), root, exercise.slug, ...command];
  const names = existsSync(folder) ? readdirSync(folder).sort() : [];
  for (const name of names) {
    const path = join(folder, name);
    parts.push(name);
    try {
      parts.push(statSync(path).isFile() ? readFileSync(path, "utf8") : "(folder)");
    } catch {
      parts.push("(unreadable)");
    }
  }
  return hash(parts);
}

function stamp(path: string): readonly [string, number, number] {
  try {
    const s = statSync(path);
    return [path, s.size, s.mtimeMs];
  } catch {
    return [path, -1, -1];
  }
}

/** Files outside the program that decide how it is read: the kit's settings and import map. */
const settingsFiles = () => [join(repoRoot, "tsconfig.json"), join(repoRoot, "package.json")];

/** The kept verdict for this folder, if every file it depends on is as it was. */
export function cachedProblems(
  root: string,
  exercise: ExerciseSpec,
  command: readonly string[],
): TypeProblem[] | undefined {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(entryPath(root, exercise), "utf8")) as Entry;
  } catch {
    return undefined;
  }
  if (entry.format !== format || entry.key !== folderKey(root, exercise, command)) return undefined;
  for (const [path, size, mtime] of entry.files) {
    const [, nowSize, nowMtime] = stamp(path);
    if (nowSize !== size || nowMtime !== mtime) return undefined;
  }
  return [...entry.problems];
}

/**
 * Keeps a verdict. `key` is folderKey as it was when tsc started (read before it ran, so that
 * a save during the run leaves a key that no longer matches), `listed` the files tsc read.
 */
export function keepProblems(
  root: string,
  exercise: ExerciseSpec,
  key: string,
  listed: readonly string[],
  problems: readonly TypeProblem[],
): void {
  const entry: Entry = {
    format,
    key,
    files: [...listed, ...settingsFiles()].map(stamp),
    problems,
  };
  try {
    mkdirSync(cacheDir, { recursive: true });
    const path = entryPath(root, exercise);
    // Written whole, then renamed: a grading running at the same time reads the old or the new.
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, path);
  } catch {
    // A verdict not kept is only checked again next time.
  }
}
