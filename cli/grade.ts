/**
 * npm run grade [N…] [--target exercises|solutions|DIR] [--format terminal,json,gradescope,junit,github|all]
 *               [--out DIR] [--seed S] [--jobs 1|2] [--time-limit S] [--manifest FILE] [--pin DIGEST]
 *
 * Grades every exercise (or those named) in the curriculum's order, each in its own process
 * group under its own hard time limit, and always writes the report: a hang, a crash or a
 * syntax error costs that exercise's points, never the report. Exit code: 0 when every
 * exercise passed and the graders are trusted, 1 otherwise, 2 for a usage error.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { curriculum, type Exercise, exerciseByNumber, exerciseBySlug } from "#course/curriculum.ts";
import { answerModuleUrls, borrowingsFromWatchLog, scanLearnerFiles } from "#kit/borrowing.ts";
import { fileHash, graderFiles, kitVersion, sha256, verifyIntegrity } from "#kit/manifest.ts";
import { displayPath, repoRoot, stateDir } from "#kit/paths.ts";
import { type Format, formats, writeReports } from "#kit/report/index.ts";
import {
  buildReport,
  type ExerciseReport,
  exerciseReport,
  formatDuration,
  formatPoints,
  type Provenance,
} from "#kit/report/model.ts";
import type { ExerciseResult } from "#kit/results.ts";
import { defaultSeed } from "#kit/seed.ts";
import { gradeExercise } from "#kit/supervise.ts";

const usage = `Usage: npm run grade -- [N…] [options]

Grades every exercise (or the numbers or slugs given) and writes the results.

  --target T       exercises (default), solutions, or a folder laid out like exercises/
  --format F       terminal, json, gradescope, junit, github, classroom, or all;
                   comma-separated or repeated (default: terminal,json)
  --out DIR        where report files go (default: out/grade)
  --seed S         the seed the checks draw inputs from (also GRADLINGS_SEED; an instructor's
                   secret seed goes in GRADLINGS_GRADE_SEED and is never printed)
  --jobs N         grade N exercises at once, 1 or 2 (default 1)
  --time-limit S   override every exercise's time limit, in seconds
  --manifest FILE  the grader manifest to verify against (default course/manifest.json)
  --pin DIGEST     the kit digest an instructor pins (also GRADLINGS_PIN)

Exit code: 0 when every exercise passed and the graders are trusted, 1 otherwise, 2 for a
usage error. Files: report.json, results.json (Gradescope), junit.xml, summary.md (GitHub),
classroom.json (GitHub Classroom's reporter; also the step output \`result\` in $GITHUB_OUTPUT).`;

class UsageError extends Error {}

interface Options {
  exercises: Exercise[];
  target: string;
  formats: Format[];
  out: string;
  seed?: string;
  jobs: number;
  timeLimit?: number;
  manifest?: string;
  pin?: string;
}

/** A seed: an integer is used as it is; any other text is hashed to one (for passphrases). */
export function seedFromText(text: string): number {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))) return Number(trimmed);
  return Number.parseInt(sha256(trimmed).slice(0, 8), 16);
}

/** Where the user typed the command (npm runs scripts from the kit's folder). */
const userCwd = process.env["INIT_CWD"] ?? process.cwd();

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    exercises: [],
    target: process.env["GRADLINGS_TARGET"] ?? "exercises",
    formats: [],
    out: join(repoRoot, "out", "grade"),
    jobs: 1,
  };
  const value = (flag: string, given: string | undefined): string => {
    if (given === undefined || given === "") throw new UsageError(`${flag} needs a value.`);
    return given;
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const next = () => (eq > 0 ? raw.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case "-h":
      case "--help":
        throw new UsageError("");
      case "--target":
        options.target = value(flag, next());
        break;
      case "--format":
        for (const f of value(flag, next()).split(",")) {
          const name = f.trim();
          if (name === "all") options.formats.push(...formats);
          else if ((formats as readonly string[]).includes(name))
            options.formats.push(name as Format);
          else throw new UsageError(`Unknown format "${name}"; use ${formats.join(", ")} or all.`);
        }
        break;
      case "--out":
        options.out = resolve(userCwd, value(flag, next()));
        break;
      case "--seed":
        options.seed = value(flag, next());
        break;
      case "--jobs": {
        const jobs = Number(value(flag, next()));
        if (jobs !== 1 && jobs !== 2) throw new UsageError("--jobs must be 1 or 2.");
        options.jobs = jobs;
        break;
      }
      case "--time-limit": {
        const limit = Number(value(flag, next()));
        if (!(limit > 0))
          throw new UsageError("--time-limit must be a positive number of seconds.");
        options.timeLimit = limit;
        break;
      }
      case "--manifest":
        options.manifest = resolve(userCwd, value(flag, next()));
        break;
      case "--pin":
        options.pin = value(flag, next());
        break;
      default: {
        if (raw.startsWith("-")) throw new UsageError(`Unknown option ${raw}.`);
        const exercise = /^\d+$/.test(raw) ? exerciseByNumber(Number(raw)) : exerciseBySlug(raw);
        if (!exercise) throw new UsageError(`There is no exercise "${raw}".`);
        if (!options.exercises.includes(exercise)) options.exercises.push(exercise);
      }
    }
  }
  if (options.formats.length === 0) options.formats.push("terminal", "json");
  options.formats = [...new Set(options.formats)];
  // In the curriculum's order, whatever order they were named in.
  options.exercises =
    options.exercises.length === 0
      ? [...curriculum]
      : curriculum.filter((e) => options.exercises.includes(e));
  return options;
}

function targetFolder(target: string): string {
  if (target === "exercises" || target === "solutions") return join(repoRoot, target);
  const folder = isAbsolute(target) ? target : resolve(userCwd, target);
  if (!existsSync(folder)) throw new UsageError(`The target folder ${target} does not exist.`);
  return folder;
}

function chooseSeed(flag: string | undefined): Pick<Provenance, "seed" | "seedSource"> & {
  value: number;
} {
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

/** A result for an exercise whose grading could not even be attempted. */
function crashed(exercise: Exercise, message: string, seed: number): ExerciseResult {
  return {
    number: exercise.number,
    slug: exercise.slug,
    title: exercise.title,
    status: "error",
    points: exercise.points,
    earned: 0,
    checks: [],
    message,
    seed,
    durationMs: 0,
  };
}

const watchHook = pathToFileURL(join(repoRoot, "kit", "import-watch.ts")).href;

async function gradeOne(
  exercise: Exercise,
  options: Options,
  root: string,
  seed: number,
): Promise<ExerciseReport> {
  const logFolder = join(stateDir, "grade");
  mkdirSync(logFolder, { recursive: true });
  const log = join(logFolder, `imports-${process.pid}-${exercise.slug}.jsonl`);
  rmSync(log, { force: true });
  let result: ExerciseResult;
  try {
    result = await gradeExercise(exercise, {
      target: root,
      seed,
      ...(options.timeLimit === undefined ? {} : { timeLimitSeconds: options.timeLimit }),
      nodeArgs: ["--import", watchHook],
      env: {
        GRADLINGS_IMPORT_LOG: log,
        GRADLINGS_IMPORT_WATCH: `${pathToFileURL(realpathSync(join(root, exercise.slug))).href}/`,
        GRADLINGS_ANSWER_MODULES: JSON.stringify(answerModuleUrls(exercise)),
      },
    });
  } catch (error) {
    result = crashed(exercise, `The grader could not be started: ${String(error)}`, seed);
  }
  // The source scan first; the run-time watch adds what it could not see (computed paths,
  // the reference's own functions re-exported through another module).
  const borrowed = new Set(scanLearnerFiles(exercise, root).map((b) => b.message));
  if (existsSync(log)) {
    if (borrowed.size === 0)
      for (const message of borrowingsFromWatchLog(exercise, root, readFileSync(log, "utf8")))
        borrowed.add(message);
    rmSync(log, { force: true });
  }
  return exerciseReport(result, [...borrowed]);
}

function progressLine(index: number, count: number, e: ExerciseReport): string {
  const width = String(count).length;
  return `[${String(index + 1).padStart(width)}/${count}] ${e.slug.padEnd(22)} ${e.status.padEnd(8)} ${formatPoints(e.earned)}/${formatPoints(e.points)}  ${formatDuration(e.durationMs)}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  let root: string;
  try {
    options = parseArgs(argv);
    root = targetFolder(options.target);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n\n`);
    process.stderr.write(`${usage}\n`);
    return error.message ? 2 : 0;
  }
  const started = new Date();
  let startedMs = performance.now();
  const seed = chooseSeed(options.seed);
  const integrity = verifyIntegrity({
    ...(options.manifest ? { manifest: options.manifest } : {}),
    ...((options.pin ?? process.env["GRADLINGS_PIN"])
      ? { pinned: options.pin ?? process.env["GRADLINGS_PIN"] }
      : {}),
  });
  const graderHashes = Object.fromEntries(
    graderFiles().map((p) => [p, fileHash(join(repoRoot, p))]),
  );
  const provenance: Provenance = {
    kit: { name: "gradlings", version: kitVersion() },
    gradersHash: sha256(
      Object.entries(graderHashes)
        .map(([path, hash]) => `${hash}  ${path}\n`)
        .join(""),
    ),
    curriculumHash: fileHash(join(repoRoot, "course", "curriculum.ts")),
    kitDigest: integrity.digest,
    seed: seed.seed,
    seedSource: seed.seedSource,
    target:
      options.target === "exercises" || options.target === "solutions"
        ? options.target
        : displayPath(root),
    node: process.version,
    date: started.toISOString(),
  };
  if (!integrity.trusted) process.stderr.write(`${integrity.message}\n`);

  const count = options.exercises.length;
  const reports: (ExerciseReport | undefined)[] = new Array(count).fill(undefined);
  const finish = (): number => {
    const exercises = options.exercises.map(
      (exercise, i) =>
        reports[i] ??
        exerciseReport(crashed(exercise, "Not graded: grading was interrupted.", seed.value)),
    );
    const report = buildReport(provenance, integrity, exercises, performance.now() - startedMs);
    const written = writeReports(report, {
      out: options.out,
      formats: options.formats,
      color: process.stdout.isTTY === true && !process.env["NO_COLOR"],
      ...(process.env["GITHUB_STEP_SUMMARY"]
        ? { stepSummary: process.env["GITHUB_STEP_SUMMARY"] }
        : {}),
      ...(process.env["GITHUB_OUTPUT"] ? { stepOutput: process.env["GITHUB_OUTPUT"] } : {}),
    });
    if (written.length > 0) process.stderr.write(`Wrote ${written.map(displayPath).join(", ")}\n`);
    return report.passed ? 0 : 1;
  };
  // Stopped from outside (a CI time-out, Ctrl-C): still write what there is.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.exitCode = finish() || 1;
      process.exit();
    });
  }

  process.stderr.write(
    `Grading ${count} exercise${count === 1 ? "" : "s"} in ${provenance.target} (seed ${seed.seed ?? "secret"})\n`,
  );
  let nextIndex = 0;
  let done = 0;
  startedMs = performance.now();
  const worker = async () => {
    while (nextIndex < count) {
      const index = nextIndex++;
      const exercise = options.exercises[index]!;
      const report = await gradeOne(exercise, options, root, seed.value);
      reports[index] = report;
      process.stderr.write(progressLine(done++, count, report));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, count) }, worker));
  return finish();
}

process.exitCode = await main(process.argv.slice(2));
