/**
 * npm run busy-check -- [N…] [--busy B] [--jobs J] [--seed S]
 *
 * The same code must get the same verdict on a busy machine as on an idle one: the kit's time
 * limits count the grading process's CPU time, not the wall clock (kit/time-limit.ts). This
 * grades the solutions, every mutant and every alternative of the exercises named (all by
 * default) twice with one seed: once as the machine is, then while B processes (default 2)
 * spin on the cores, and compares the verdicts: each grading's status and score, and each
 * check's status and message. Prints every difference (none expected) and both passes' times.
 * A grading that differs is graded a third time as the machine is: one that differs from the
 * first pass again is unsteady whatever the load (its sentence shows values drawn from
 * Math.random, say), reported as such and not counted as the load's.
 *
 * Slow (every variant graded twice) and meant for an otherwise idle machine: it is not part of
 * npm test. Exit code: 0 when the two passes agree, 1 on any difference, 2 for a usage error.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { curriculum, type Exercise, exerciseByNumber } from "#course/curriculum.ts";
import { prepareKit } from "#kit/grading.ts";
import { listAlternatives, listMutants } from "#kit/mutants.ts";
import { repoRoot, stateDir } from "#kit/paths.ts";
import { defaultSeed } from "#kit/seed.ts";
import { type GradeRun, type GradeTask, gradeMany } from "#kit/supervise.ts";
import { parseOrUsage, UsageError } from "./lib/usage.ts";

const usage = `Usage: npm run busy-check -- [N…] [options]

Grades the solutions, mutants and alternatives once idle and once while busy processes spin,
and prints every verdict that differs (none expected) with both passes' times.

  --busy B   processes that spin during the second pass (default 2)
  --jobs J   grading processes at once (default 1, as the graders' tests grade)
  --seed S   the seed both passes draw inputs from (default the kit's)`;

interface Options {
  readonly exercises: readonly Exercise[];
  readonly busy: number;
  readonly jobs: number;
  readonly seed: number;
}

function parseArgs(argv: readonly string[]): Options {
  const exercises: Exercise[] = [];
  let busy = 2;
  let jobs = 1;
  let seed = defaultSeed;
  const whole = (flag: string, text: string | undefined, min: number): number => {
    const n = Number(text);
    if (text === undefined || !Number.isSafeInteger(n) || n < min)
      throw new UsageError(`${flag} needs a whole number of at least ${min}, not "${text ?? ""}".`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") throw new UsageError("");
    else if (arg === "--busy") busy = whole(arg, argv[++i], 0);
    else if (arg === "--jobs") jobs = whole(arg, argv[++i], 1);
    else if (arg === "--seed") seed = whole(arg, argv[++i], Number.MIN_SAFE_INTEGER);
    else {
      const exercise = /^\d+$/.test(arg) ? exerciseByNumber(Number(arg)) : undefined;
      if (!exercise) throw new UsageError(`Unknown argument or exercise: ${arg}`);
      exercises.push(exercise);
    }
  }
  return {
    exercises: curriculum.filter((e) => exercises.length === 0 || exercises.includes(e)),
    busy,
    jobs,
    seed,
  };
}

/** One thing graded: an exercise's solution, or one of its mutants or alternatives. */
interface Graded {
  readonly exercise: Exercise;
  /** "solution", "mutants/<name>" or "alternatives/<name>". */
  readonly name: string;
  readonly target: string;
}

/**
 * Everything to grade. Variants are written into layered folders, the k-th variant of every
 * exercise side by side (as test/graders-suite.ts does), so that one grading process grades a
 * layer's exercises in turn, as `npm run grade` grades a learner's folder.
 */
async function gradedOf(exercises: readonly Exercise[]): Promise<Graded[]> {
  const graded: Graded[] = exercises.map((exercise) => ({
    exercise,
    name: "solution",
    target: "solutions",
  }));
  const base = join(stateDir, "busy-check");
  rmSync(base, { recursive: true, force: true });
  for (const exercise of exercises) {
    const variants = [...(await listMutants(exercise)), ...(await listAlternatives(exercise))];
    variants.forEach((variant, layer) => {
      const root = join(base, String(layer));
      const folder = join(root, exercise.slug);
      mkdirSync(folder, { recursive: true });
      cpSync(join(repoRoot, "solutions", exercise.slug), folder, { recursive: true });
      for (const file of variant.files) cpSync(join(variant.folder, file), join(folder, file));
      graded.push({ exercise, name: `${variant.kind}/${variant.name}`, target: root });
    });
  }
  return graded;
}

/** A verdict as a learner reads it: the status, the score, each check's status and sentence. */
function verdictOf(run: GradeRun): string[] {
  return [
    `status ${run.status}, ${run.earned}/${run.points}${run.message ? `: ${run.message}` : ""}`,
    ...run.checks.map((c) => `${c.id} [${c.status}] ${c.message}`),
  ];
}

/** CPU seconds of this process's finished children (Linux; undefined elsewhere). */
function childrenCpuSeconds(): number | undefined {
  try {
    // Fields after the command's closing parenthesis: cutime and cstime are the 14th and 15th.
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

interface Pass {
  readonly verdicts: string[][];
  readonly wallSeconds: number;
  readonly cpuSeconds: number | undefined;
}

async function gradePass(graded: readonly Graded[], options: Options): Promise<Pass> {
  const tasks: GradeTask[] = graded.map((g) => ({ exercise: g.exercise, target: g.target }));
  const started = performance.now();
  const cpuBefore = childrenCpuSeconds();
  // The type check is the same on a busy machine: `npm run typecheck` covers these files.
  const runs = await gradeMany(tasks, {
    jobs: options.jobs,
    seed: options.seed,
    typecheck: false,
  });
  const cpuAfter = childrenCpuSeconds();
  return {
    verdicts: runs.map(verdictOf),
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

const spinners = new Set<ChildProcess>();
process.on("exit", () => {
  for (const spinner of spinners) spinner.kill("SIGKILL");
});

/** `count` processes that keep a core busy each until stopped. */
function startSpinners(count: number): () => void {
  const started = Array.from({ length: count }, () => {
    const spinner = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
    spinners.add(spinner);
    return spinner;
  });
  return () => {
    for (const spinner of started) {
      spinner.kill("SIGKILL");
      spinners.delete(spinner);
    }
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOrUsage(parseArgs, argv, usage);
  if (typeof options === "number") return options;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const missing = await prepareKit(options.exercises);
  if (missing.size > 0) {
    process.stderr.write(`${[...missing.values()].join("\n")}\n`);
    return 2;
  }
  const graded = await gradedOf(options.exercises);
  log(
    `${graded.length} gradings (solutions, mutants, alternatives of ${options.exercises.length} exercises), seed ${options.seed}, ${options.jobs} at a time.`,
  );

  log("Pass 1: the machine as it is…");
  const idle = await gradePass(graded, options);
  log(`Pass 2: with ${options.busy} busy process${options.busy === 1 ? "" : "es"} spinning…`);
  const stop = startSpinners(options.busy);
  let busy: Pass;
  try {
    busy = await gradePass(graded, options);
  } finally {
    stop();
  }

  // A grading whose verdict differs is graded once more as the machine is: if that differs from
  // the first pass too, its sentence depends on something else than the load (Math.random).
  const differing = graded.flatMap((_graded, i) =>
    idle.verdicts[i]!.join("\n") === busy.verdicts[i]!.join("\n") ? [] : [i],
  );
  const again =
    differing.length === 0
      ? undefined
      : await gradePass(
          differing.map((i) => graded[i]!),
          options,
        );
  let differences = 0;
  differing.forEach((i, k) => {
    const g = graded[i]!;
    const a = idle.verdicts[i]!;
    const b = busy.verdicts[i]!;
    const unsteady = again!.verdicts[k]!.join("\n") !== a.join("\n");
    if (!unsteady) differences++;
    log(
      `\n${unsteady ? "UNSTEADY   " : "DIFFERENT  "}${g.exercise.slug} ${g.name}${unsteady ? " (differs between two gradings as the machine is, too: not the load's doing)" : ""}`,
    );
    for (let j = 0; j < Math.max(a.length, b.length); j++)
      if (a[j] !== b[j]) log(`  idle: ${a[j] ?? "(none)"}\n  busy: ${b[j] ?? "(none)"}`);
  });
  const time = (p: Pass) =>
    `${p.wallSeconds.toFixed(1)} s wall${p.cpuSeconds === undefined ? "" : `, ${p.cpuSeconds.toFixed(1)} s CPU of the grading processes`}`;
  log("");
  log(`Pass 1 (as it is): ${time(idle)}`);
  log(`Pass 2 (busy):     ${time(busy)}`);
  const unsteady = differing.length - differences;
  log(
    `${
      differences === 0
        ? `The same verdict for all ${graded.length} gradings, busy or not`
        : `${differences} of ${graded.length} gradings got a different verdict on the busy machine`
    }${unsteady === 0 ? "." : `; ${unsteady} differ from one grading to the next whatever the load.`}`,
  );
  rmSync(join(stateDir, "busy-check"), { recursive: true, force: true });
  return differences === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
