/**
 * npm run grade [N…] [--target exercises|solutions|DIR] [--format F] [--out DIR] [--seed S]
 *               [--jobs N] [--time-limit S] [--manifest FILE] [--pin DIGEST] [--learner NAME]
 * npm run grade [N…] --roster DIR|FILE [--shard I/N] [same options]
 *
 * Grades every exercise (or those named) in the curriculum's order, each under its own hard
 * time limit in supervised processes (kit/supervise.ts), and always writes the report: a hang,
 * a crash or a syntax error costs that exercise's points, never the report. With --roster it
 * grades every learner of a class the same way and writes a gradebook (cli/lib/roster.ts).
 * Exit code: 0 when every exercise passed and the graders are trusted, 1 otherwise, 2 for a
 * usage error.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { curriculum, type Exercise, exerciseByNumber, exerciseBySlug } from "#course/curriculum.ts";
import { chooseSeed, gradeTargets, notGraded, prepareKit, provenanceOf } from "#kit/grading.ts";
import { verifyIntegrity } from "#kit/manifest.ts";
import { displayPath, repoRoot } from "#kit/paths.ts";
import { type Format, formats, writeReports } from "#kit/report/index.ts";
import {
  buildReport,
  type ExerciseReport,
  exerciseReport,
  formatDuration,
  formatPoints,
} from "#kit/report/model.ts";

const usage = `Usage: npm run grade -- [N…] [options]
       npm run grade -- [N…] --roster DIR|FILE [options]

Grades every exercise (or the numbers or slugs given) and writes the results.

  --target T       exercises (default), solutions, or any folder laid out like exercises/
  --roster R       grade a whole class: R is a folder of learners' checkouts, or a file that
                   lists them (one a line: a path, or a name, a tab, and a path); writes a
                   gradebook (gradebook.csv, gradebook.json) and each learner's report
  --shard I/N      with --roster: grade only the I-th of N equal parts of the roster
  --format F       terminal, json, gradescope, junit, github, classroom, or all;
                   comma-separated or repeated (default: terminal,json)
  --out DIR        where report files go (default: out/grade, or out/roster with --roster)
  --seed S         the seed the checks draw inputs from (also GRADLINGS_SEED; an instructor's
                   secret seed goes in GRADLINGS_GRADE_SEED and is never printed)
  --jobs N         grading processes at once (default: the number of cores, ${availableParallelism()} here)
  --time-limit S   override every exercise's time limit, in seconds
  --manifest FILE  the grader manifest to verify against (default course/manifest.json)
  --pin DIGEST     the kit digest an instructor pins (also GRADLINGS_PIN)
  --learner NAME   whose work this is, written in the reports (a Gradescope submission's name)

Exit code: 0 when every exercise passed and the graders are trusted, 1 otherwise, 2 for a
usage error. Files: report.json, results.json (Gradescope), junit.xml, summary.md (GitHub),
classroom.json (GitHub Classroom's reporter; also the step output \`result\` in $GITHUB_OUTPUT).`;

class UsageError extends Error {}

interface GradeOptions {
  exercises: Exercise[];
  target: string;
  roster?: string;
  shard?: { readonly index: number; readonly count: number };
  formats: Format[];
  out?: string;
  seed?: string;
  jobs: number;
  timeLimit?: number;
  manifest?: string;
  pin?: string;
  learner?: string;
}

/** Where the user typed the command (npm runs scripts from the kit's folder). */
const userCwd = process.env["INIT_CWD"] ?? process.cwd();

function parseArgs(argv: readonly string[]): GradeOptions {
  const options: GradeOptions = {
    exercises: [],
    target: process.env["GRADLINGS_TARGET"] ?? "exercises",
    formats: [],
    jobs: availableParallelism(),
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
      case "--roster":
        options.roster = resolve(userCwd, value(flag, next()));
        break;
      case "--shard": {
        const text = value(flag, next());
        const match = /^(\d+)\/(\d+)$/.exec(text);
        const index = Number(match?.[1]);
        const count = Number(match?.[2]);
        if (!match || count < 1 || index < 1 || index > count)
          throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N, like 2/4; not "${text}".`);
        options.shard = { index, count };
        break;
      }
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
        if (!Number.isInteger(jobs) || jobs < 1)
          throw new UsageError("--jobs must be a whole number of processes, 1 or more.");
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
      case "--learner":
        options.learner = value(flag, next());
        break;
      default: {
        if (raw.startsWith("-")) throw new UsageError(`Unknown option ${raw}.`);
        const exercise = /^\d+$/.test(raw) ? exerciseByNumber(Number(raw)) : exerciseBySlug(raw);
        if (!exercise) throw new UsageError(`There is no exercise "${raw}".`);
        if (!options.exercises.includes(exercise)) options.exercises.push(exercise);
      }
    }
  }
  if (options.shard && !options.roster) throw new UsageError("--shard goes with --roster.");
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

function progressLine(index: number, count: number, e: ExerciseReport): string {
  const width = String(count).length;
  return `[${String(index + 1).padStart(width)}/${count}] ${e.slug.padEnd(22)} ${e.status.padEnd(8)} ${formatPoints(e.earned)}/${formatPoints(e.points)}  ${formatDuration(e.durationMs)}\n`;
}

async function gradeOneTarget(options: GradeOptions, root: string): Promise<number> {
  const started = new Date();
  const clock = performance.now();
  const seed = chooseSeed(options.seed);
  const pinned = options.pin ?? process.env["GRADLINGS_PIN"];
  const integrity = verifyIntegrity({
    ...(options.manifest ? { manifest: options.manifest } : {}),
    ...(pinned ? { pinned } : {}),
  });
  const provenance = {
    ...provenanceOf(
      seed,
      integrity,
      options.target === "exercises" || options.target === "solutions"
        ? options.target
        : displayPath(root),
      started,
    ),
    ...(options.learner ? { learner: options.learner } : {}),
  };
  if (!integrity.trusted) process.stderr.write(`${integrity.message}\n`);

  const count = options.exercises.length;
  const reports: (ExerciseReport | undefined)[] = new Array(count).fill(undefined);
  const out = options.out ?? join(repoRoot, "out", "grade");
  const finish = (): number => {
    const exercises = options.exercises.map(
      (exercise, i) =>
        reports[i] ??
        exerciseReport(notGraded(exercise, "Not graded: grading was interrupted.", seed.value)),
    );
    const report = buildReport(provenance, integrity, exercises, performance.now() - clock);
    const written = writeReports(report, {
      out,
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
  let done = 0;
  await gradeTargets([{ root, exercises: options.exercises }], {
    seed: seed.value,
    jobs: options.jobs,
    missingData: await prepareKit(options.exercises),
    ...(options.timeLimit === undefined ? {} : { timeLimitSeconds: options.timeLimit }),
    onReport: (_target, index, report) => {
      reports[index] = report;
      process.stderr.write(progressLine(done++, count, report));
    },
  });
  return finish();
}

async function main(argv: readonly string[]): Promise<number> {
  let options: GradeOptions;
  let root: string | undefined;
  try {
    options = parseArgs(argv);
    if (!options.roster) root = targetFolder(options.target);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n\n`);
    process.stderr.write(`${usage}\n`);
    return error.message ? 2 : 0;
  }
  if (root !== undefined) return gradeOneTarget(options, root);
  // Only an instructor's run loads the roster's code.
  const { gradeRoster, RosterError } = await import("#cli/lib/roster.ts");
  try {
    return await gradeRoster({ ...options, roster: options.roster! });
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
