/**
 * npm run fresh-seeds -- [N…] [--per K] [--seeds S,S…] [--target solutions|alternatives|all]
 *                        [--jobs J]
 *
 * A grader must never fail a correct answer, whatever inputs it draws. This grades the
 * solutions (and, with --target, every alternative in course/TRACK/ID/alternatives/, which are
 * correct answers too) with K fresh seeds each, and lists every failure with its seed and the
 * failing check's sentence, so that `npm run exercise -- N --seed S` replays it.
 *
 * Each round is one seed for every exercise, graded by one gradeMany pool (a grading process
 * takes its seed when it starts, and grades several exercises in turn). Exit code: 0 when every
 * grading passed, 1 on any failure, 2 for a usage error.
 */
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, relative } from "node:path";
import { curriculum, type Exercise, exerciseByNumber } from "#course/curriculum.ts";
import { prepareKit } from "#kit/grading.ts";
import { listAlternatives } from "#kit/mutants.ts";
import { repoRoot, stateDir } from "#kit/paths.ts";
import { type GradeRun, type GradeTask, gradeMany } from "#kit/supervise.ts";
import { parseOrUsage, UsageError } from "./lib/usage.ts";

const usage = `Usage: npm run fresh-seeds -- [N…] [options]

Grades correct answers with fresh random seeds: any failure is a grader defect.

  --per K          seeds per exercise (default 50)
  --seeds S,S…     grade with these seeds instead of drawing K new ones (to replay a run)
  --target T       solutions (default), alternatives, or all (both)
  --jobs J         grading processes at once (default: the number of cores, ${availableParallelism()} here)

Exit code: 0 when every grading passed, 1 on any failure, 2 for a usage error.`;

export interface FreshOptions {
  readonly exercises: readonly Exercise[];
  readonly seeds: readonly number[];
  readonly target: "solutions" | "alternatives" | "all";
  readonly jobs: number;
}

function parseArgs(argv: readonly string[]): FreshOptions {
  const exercises: Exercise[] = [];
  let per = 50;
  let seeds: number[] | undefined;
  let target: FreshOptions["target"] = "solutions";
  let jobs = availableParallelism();
  const whole = (flag: string, text: string | undefined, min: number): number => {
    const n = Number(text);
    if (text === undefined || !Number.isSafeInteger(n) || n < min)
      throw new UsageError(`${flag} needs a whole number of at least ${min}, not "${text ?? ""}".`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case "--help":
      case "-h":
        throw new UsageError("");
      case "--per":
        per = whole(arg, argv[++i], 1);
        break;
      case "--jobs":
        jobs = whole(arg, argv[++i], 1);
        break;
      case "--seeds":
        seeds = (argv[++i] ?? "").split(",").map((s) => whole(arg, s, Number.MIN_SAFE_INTEGER));
        break;
      case "--target": {
        const t = argv[++i];
        if (t !== "solutions" && t !== "alternatives" && t !== "all")
          throw new UsageError(`--target is solutions, alternatives or all, not "${t ?? ""}".`);
        target = t;
        break;
      }
      default: {
        const exercise = /^\d+$/.test(arg) ? exerciseByNumber(Number(arg)) : undefined;
        if (!exercise) throw new UsageError(`Unknown argument or exercise: ${arg}`);
        exercises.push(exercise);
      }
    }
  }
  return {
    exercises: exercises.length > 0 ? exercises : curriculum,
    // Below 2^31, as `npm run exercise -- --fresh` draws them.
    seeds: seeds ?? Array.from({ length: per }, () => Math.floor(Math.random() * 2 ** 31)),
    target,
    jobs,
  };
}

/** What is graded for one exercise: the solution or one alternative. */
export interface Answer {
  readonly exercise: Exercise;
  /** "solution", or the alternative's name. */
  readonly name: string;
  /** The target folder (laid out like exercises/), or "solutions". */
  readonly target: string;
}

/**
 * The answers to grade. Alternatives are written into layered folders, the k-th alternative of
 * every exercise side by side, so that one grading process grades a layer's exercises in turn.
 */
async function answersOf(options: FreshOptions): Promise<Answer[]> {
  const answers: Answer[] = [];
  if (options.target !== "alternatives")
    for (const exercise of options.exercises)
      answers.push({ exercise, name: "solution", target: "solutions" });
  if (options.target === "solutions") return answers;
  const base = join(stateDir, "fresh-seeds");
  rmSync(base, { recursive: true, force: true });
  for (const exercise of options.exercises) {
    const alternatives = await listAlternatives(exercise);
    alternatives.forEach((alternative, layer) => {
      const root = join(base, String(layer));
      const folder = join(root, exercise.slug);
      mkdirSync(folder, { recursive: true });
      cpSync(join(repoRoot, "solutions", exercise.slug), folder, { recursive: true });
      for (const file of alternative.files)
        cpSync(join(alternative.folder, file), join(folder, file));
      answers.push({ exercise, name: alternative.name, target: root });
    });
  }
  return answers;
}

export interface Failure {
  readonly answer: Answer;
  readonly seed: number;
  /** The failing checks' titles and sentences, or the run's own sentence (a time-out, a crash). */
  readonly why: string;
  readonly replay: string;
}

export function failureOf(answer: Answer, seed: number, run: GradeRun): Failure | undefined {
  if (run.status === "passed" && run.earned === run.points) return undefined;
  const checks = run.checks
    .filter((c) => c.status !== "passed")
    .map((c) => `${c.title}: [${c.status}] ${c.message}`);
  const target =
    answer.target === "solutions" ? "solutions" : relative(repoRoot, answer.target) || ".";
  return {
    answer,
    seed,
    why: [run.message, ...checks].filter((s) => s !== "").join("\n") || `status ${run.status}`,
    replay: `GRADLINGS_TARGET=${target} npm run exercise -- ${answer.exercise.number} --seed ${seed}`,
  };
}

export interface FreshResult {
  readonly gradings: ReadonlyMap<string, { gradings: number; failures: number }>;
  readonly failures: readonly Failure[];
}

function keyOf(answer: Answer): string {
  const slug = answer.exercise.slug;
  return answer.name === "solution" ? slug : `${slug} / ${answer.name}`;
}

/** Grades every answer with every seed; `log` gets a progress line per round. */
export async function freshSeeds(
  options: FreshOptions,
  log: (line: string) => void = () => {},
  /** Receives the tallies as they grow (for a report when the run is stopped). */
  live?: (result: FreshResult) => void,
): Promise<FreshResult> {
  const answers = await answersOf(options);
  const missing = await prepareKit(options.exercises);
  if (missing.size > 0) throw new Error([...missing.values()].join("\n"));
  const gradings = new Map(answers.map((a) => [keyOf(a), { gradings: 0, failures: 0 }]));
  const failures: Failure[] = [];
  const started = performance.now();
  live?.({ gradings, failures });
  for (const [round, seed] of options.seeds.entries()) {
    const tasks: GradeTask[] = answers.map((a) => ({ exercise: a.exercise, target: a.target }));
    let failed = 0;
    // Type checks are the same for every seed: `npm run typecheck` covers these files.
    await gradeMany(tasks, {
      jobs: options.jobs,
      seed,
      typecheck: false,
      onResult: (_task, run, index) => {
        const answer = answers[index]!;
        const tally = gradings.get(keyOf(answer))!;
        tally.gradings++;
        const failure = failureOf(answer, seed, run);
        if (failure) {
          tally.failures++;
          failed++;
          failures.push(failure);
          log(`  FAILED ${keyOf(answer)} (seed ${seed}): ${failure.why.split("\n").join(" | ")}`);
        }
      },
    });
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    const elapsed = ((performance.now() - started) / 1000).toFixed(0);
    log(
      `[${round + 1}/${options.seeds.length}] seed ${seed}: ${answers.length - failed}/${answers.length} passed  (${elapsed} s, load ${load})`,
    );
  }
  return { gradings, failures };
}

export function renderResult(result: FreshResult): string {
  const rows = [...result.gradings.entries()];
  const width = Math.max(8, ...rows.map(([k]) => k.length));
  const lines = [`${"answer".padEnd(width)}  gradings  failures`];
  for (const [key, t] of rows)
    lines.push(
      `${key.padEnd(width)}  ${String(t.gradings).padStart(8)}  ${String(t.failures).padStart(8)}`,
    );
  const total = rows.reduce((s, [, t]) => s + t.gradings, 0);
  lines.push(
    `${"total".padEnd(width)}  ${String(total).padStart(8)}  ${String(result.failures.length).padStart(8)}`,
  );
  for (const f of result.failures) {
    lines.push("", `${keyOf(f.answer)}, seed ${f.seed}:`, `  ${f.replay}`);
    for (const line of f.why.split("\n")) lines.push(`  ${line}`);
  }
  return lines.join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOrUsage(parseArgs, argv, usage);
  if (typeof options === "number") return options;
  process.stderr.write(
    `Grading ${options.exercises.length} exercise(s), ${options.target}, with ${options.seeds.length} fresh seed(s) each\n`,
  );
  let sofar: FreshResult | undefined;
  // Stopped from outside (Ctrl-C, a time-out): still print what there is.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      if (sofar) process.stdout.write(`(stopped)\n${renderResult(sofar)}\n`);
      process.exit(1);
    });
  const result = await freshSeeds(
    options,
    (line) => process.stderr.write(`${line}\n`),
    (r) => {
      sofar = r;
    },
  );
  process.stdout.write(`${renderResult(result)}\n`);
  return result.failures.length === 0 ? 0 : 1;
}

// Run as a command, not when a test imports it.
if (process.argv[1] !== undefined && /fresh-seeds\.ts$/.test(process.argv[1]))
  process.exitCode = await main(process.argv.slice(2));
