/**
 * `npm run grade -- --roster DIR|FILE`: a whole class graded on the instructor's machine, with
 * the instructor's graders and seed, never the learners' copies of the kit. Every learner's
 * exercises go through one pool of grading processes (as many at once as --jobs, the cores by
 * default), each exercise under its own limit, so a learner's infinite loop, crash or flood of
 * output costs that learner's exercise and nothing else. Writes each learner's full report and
 * one gradebook (gradebook.csv, gradebook.json, totals.csv).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { Exercise } from "#course/curriculum.ts";
import { chooseSeed, gradeTargets, prepareKit, provenanceOf } from "#kit/grading.ts";
import { manifestPath, verifyIntegrity } from "#kit/manifest.ts";
import { displayPath, repoRoot } from "#kit/paths.ts";
import { type Format, writeReports } from "#kit/report/index.ts";
import {
  buildReport,
  type ExerciseReport,
  formatDuration,
  formatPoints,
} from "#kit/report/model.ts";
import { gradebookOf, type LearnerReport, writeGradebook } from "./gradebook.ts";

export class RosterError extends Error {}

export interface RosterOptions {
  readonly exercises: readonly Exercise[];
  /** A folder of learners' checkouts, or a file listing them. */
  readonly roster: string;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly formats: readonly Format[];
  readonly out?: string;
  readonly seed?: string;
  readonly jobs?: number;
  readonly timeLimit?: number;
  readonly manifest?: string;
  readonly pin?: string;
}

export interface Learner {
  /** The learner's name in the gradebook: the folder's name, or the one the roster file gives. */
  readonly name: string;
  /** The learner's checkout (or folder of exercises), as the roster names it. */
  readonly source: string;
  /** The folder laid out like exercises/ that is graded. */
  readonly root: string;
}

/** The folder laid out like exercises/ in a learner's folder: its exercises/, or itself. */
function exercisesOf(folder: string): string {
  const inner = join(folder, "exercises");
  return existsSync(inner) && statSync(inner).isDirectory() ? inner : folder;
}

function looksLikeOneLearner(folder: string, exercises: readonly Exercise[]): boolean {
  return (
    existsSync(join(folder, "exercises")) || exercises.some((e) => existsSync(join(folder, e.slug)))
  );
}

/**
 * The learners: each folder in a roster folder (hidden ones skipped), or each line of a roster
 * file: a path, or a name, a tab and a path; blank lines and lines starting with # are skipped,
 * and relative paths are read from the file's folder. Sorted by name.
 */
export function readRoster(path: string, exercises: readonly Exercise[]): Learner[] {
  if (!existsSync(path)) throw new RosterError(`The roster ${path} does not exist.`);
  const learners: Learner[] = [];
  if (statSync(path).isDirectory()) {
    if (looksLikeOneLearner(path, exercises))
      throw new RosterError(
        `${path} looks like one learner's work, not a folder of learners' checkouts; grade it with --target, or give the folder that holds the checkouts.`,
      );
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const folder = join(path, entry.name);
      if (!statSync(folder).isDirectory()) continue;
      learners.push({ name: entry.name, source: folder, root: exercisesOf(folder) });
    }
  } else {
    const lines = readFileSync(path, "utf8").split(/\r?\n/);
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const tab = raw.indexOf("\t");
      const given = tab >= 0 ? raw.slice(tab + 1).trim() : line;
      const name = tab >= 0 ? raw.slice(0, tab).trim() : basename(given);
      if (name === "" || given === "")
        throw new RosterError(`${path}:${i + 1}: a line is a path, or a name, a tab and a path.`);
      const folder = isAbsolute(given) ? given : resolve(dirname(path), given);
      learners.push({ name, source: folder, root: exercisesOf(folder) });
    });
  }
  learners.sort((a, b) => a.name.localeCompare(b.name));
  for (let i = 1; i < learners.length; i++)
    if (learners[i]!.name === learners[i - 1]!.name)
      throw new RosterError(`The roster names ${learners[i]!.name} twice; names must be unique.`);
  if (learners.length === 0) throw new RosterError(`The roster ${path} lists no learners.`);
  return learners;
}

/** The I-th of N parts of the (sorted) roster: every N-th learner, so parts differ by one at most. */
export function shardOf<T>(learners: readonly T[], shard?: RosterOptions["shard"]): T[] {
  if (!shard) return [...learners];
  return learners.filter((_, i) => i % shard.count === shard.index - 1);
}

/** A learner's name as a folder name. */
function folderName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_") || "_";
}

/** The kit's files that the learner's checkout changed, when it is a checkout of the kit. */
function kitChanges(source: string, manifest: string): string[] | undefined {
  if (!existsSync(join(source, "course")) || !existsSync(join(source, "kit"))) return undefined;
  const integrity = verifyIntegrity({ root: source, manifest });
  return [...integrity.modified, ...integrity.missing, ...integrity.added].sort();
}

export async function gradeRoster(options: RosterOptions): Promise<number> {
  const started = new Date();
  const clock = performance.now();
  const all = readRoster(options.roster, options.exercises);
  const learners = shardOf(all, options.shard);
  if (learners.length === 0)
    throw new RosterError(
      `Shard ${options.shard?.index}/${options.shard?.count} of ${all.length} learners is empty.`,
    );
  const out = options.out ?? join(repoRoot, "out", "roster");
  const jobs = options.jobs ?? availableParallelism();
  const seed = chooseSeed(options.seed);
  const pinned = options.pin ?? process.env["GRADLINGS_PIN"];
  const manifest = options.manifest ?? manifestPath;
  const integrity = verifyIntegrity({ manifest, ...(pinned ? { pinned } : {}) });
  if (!integrity.trusted) process.stderr.write(`${integrity.message}\n`);
  const exercises = options.exercises;
  const part = options.shard ? ` (part ${options.shard.index} of ${options.shard.count})` : "";
  process.stderr.write(
    `Grading ${learners.length} learner${learners.length === 1 ? "" : "s"}${part} × ${exercises.length} exercise${exercises.length === 1 ? "" : "s"}, ${jobs} at a time (seed ${seed.seed ?? "secret"})\n`,
  );

  const formats = options.formats.filter((f) => f !== "terminal");
  if (!formats.includes("json")) formats.unshift("json");
  const left = learners.map(() => exercises.length);
  const reports: LearnerReport[] = new Array(learners.length);
  const width = Math.max(...learners.map((l) => l.name.length));
  let finished = 0;
  const collected: ExerciseReport[][] = learners.map(() => new Array(exercises.length));

  const graded = await gradeTargets(
    learners.map((l) => ({ root: l.root, exercises })),
    {
      seed: seed.value,
      jobs,
      missingData: await prepareKit(exercises),
      ...(options.timeLimit === undefined ? {} : { timeLimitSeconds: options.timeLimit }),
      onReport: (t, e, report) => {
        collected[t]![e] = report;
        if (--left[t]! > 0) return;
        const earned = collected[t]!.reduce((s, r) => s + r.earned, 0);
        const points = collected[t]!.reduce((s, r) => s + r.points, 0);
        process.stderr.write(
          `[${String(++finished).padStart(String(learners.length).length)}/${learners.length}] ${learners[t]!.name.padEnd(width)}  ${formatPoints(earned)}/${formatPoints(points)}\n`,
        );
      },
    },
  );

  learners.forEach((learner, t) => {
    const report = buildReport(
      {
        ...provenanceOf(seed, integrity, displayPath(learner.source), started),
        learner: learner.name,
      },
      integrity,
      graded[t]!.exercises,
      graded[t]!.wallMs,
    );
    const folder = join(out, "learners", folderName(learner.name));
    writeReports(report, { out: folder, formats });
    const changed = kitChanges(learner.source, manifest);
    reports[t] = {
      learner: learner.name,
      source: displayPath(learner.source),
      report,
      reportPath: join(folder, "report.json"),
      wallMs: graded[t]!.wallMs,
      ...(changed ? { kitChanged: changed } : {}),
    };
  });

  const wallMs = performance.now() - clock;
  const gradebook = gradebookOf(reports, wallMs, out);
  const written = writeGradebook(out, gradebook);
  const perLearner = wallMs / learners.length;
  const spans = reports.map((r) => r.wallMs).sort((a, b) => a - b);
  process.stderr.write(
    `Graded ${learners.length} learners in ${formatDuration(wallMs)}: ${formatDuration(perLearner)} a learner on average (each learner's own grading took ${formatDuration(spans[Math.floor(spans.length / 2)]!)} at the median, ${jobs} processes at once).\n`,
  );
  process.stderr.write(
    `Wrote ${written.map(displayPath).join(", ")} and ${displayPath(join(out, "learners"))}/\n`,
  );
  return integrity.trusted ? 0 : 1;
}
