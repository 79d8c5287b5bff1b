/**
 * npm run mutation [-- N…] [--params] [--jobs N] [--out FILE] [--keep]
 *
 * The graders measured against mistakes nobody catalogued: every solution file is mutated by
 * rule (cli/lib/mutation/generate.ts), each mutant that type-checks is graded with its
 * exercise's grader, and a grader that passes one has a hole, unless the mutant behaves exactly
 * as the solution does: those are listed, each with its reason, in
 * course/mutation-equivalents.json. Prints per exercise what was generated, what did not
 * compile (tsc would reject it: reported, not scored), killed, survived, equivalent, and the
 * kill rate of the rest; lists every survivor; writes everything to a JSON report.
 *
 * Grading is the kit's (the grader's checks, the seed, the grading hooks, the isolation
 * checks), in long-lived processes (cli/lib/mutation/serve.ts) that grade mutant after mutant,
 * each under a CPU-time limit of a few times what the solution takes (kit/time-limit.ts); a
 * mutant that runs over it, crashes its process or leaves something behind is graded again in a
 * fresh process, whose verdict is kept.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { curriculum, type Exercise, exerciseByNumber, exerciseBySlug } from "#course/curriculum.ts";
import { prepareKit } from "#kit/grading.ts";
import { graderFile, repoRoot, stateDir } from "#kit/paths.ts";
import { defaultSeed } from "#kit/seed.ts";
import { typecheckTargets } from "#kit/typecheck.ts";
import { type GeneratedMutant, generateMutants, type MutantKind } from "./lib/mutation/generate.ts";
import { gradeAll, type Job } from "./lib/mutation/grade.ts";
import { parseOrUsage, UsageError } from "./lib/usage.ts";

const usage = `Usage: npm run mutation -- [N…] [options]

Mutates every solution file (or those of the exercises named), grades each mutant with its
exercise's grader, and prints the kill rate per exercise with every survivor.

  --params        only the mutants that fix a parameter to a constant
  --jobs N        grading processes at once (default: the number of cores)
  --out FILE      the JSON report (default out/mutation/report.json)
  --seed S        the seed the checks draw inputs from (default: the kit's)
  --keep          keep the mutants' folders (under .gradlings/mutation/) after the run
  --one-per-process  grade each mutant in a fresh process (slower; for comparison)`;

interface Options {
  exercises: Exercise[];
  paramsOnly: boolean;
  jobs: number;
  out: string;
  seed: number;
  keep: boolean;
  onePerProcess: boolean;
}

const userCwd = process.env["INIT_CWD"] ?? process.cwd();

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    exercises: [],
    paramsOnly: false,
    jobs: availableParallelism(),
    out: join(repoRoot, "out", "mutation", "report.json"),
    seed: defaultSeed,
    keep: false,
    onePerProcess: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value.`);
      return next;
    };
    if (arg === "-h" || arg === "--help") throw new UsageError("");
    else if (arg === "--params") options.paramsOnly = true;
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--one-per-process") options.onePerProcess = true;
    else if (arg === "--out") options.out = resolve(userCwd, value());
    else if (arg === "--seed") options.seed = Number(value());
    else if (arg === "--jobs") {
      const jobs = Number(value());
      if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError("--jobs takes 1 or more.");
      options.jobs = jobs;
    } else if (arg.startsWith("-")) throw new UsageError(`Unknown option ${arg}.`);
    else {
      const exercise = /^\d+$/.test(arg) ? exerciseByNumber(Number(arg)) : exerciseBySlug(arg);
      if (!exercise) throw new UsageError(`There is no exercise "${arg}".`);
      options.exercises.push(exercise);
    }
  }
  if (!Number.isSafeInteger(options.seed)) throw new UsageError("--seed takes an integer.");
  options.exercises =
    options.exercises.length === 0
      ? [...curriculum]
      : curriculum.filter((e) => options.exercises.includes(e));
  return options;
}

// ---------------------------------------------------------------------------------------------
// Equivalent mutants: listed by hand, each with its reason

export interface EquivalentEntry {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The change as the run prints it. */
  readonly change: string;
  /** Why the mutant behaves as the solution does, so that a reviewer can check it. */
  readonly reason: string;
}

export const equivalentsFile = join(repoRoot, "course", "mutation-equivalents.json");

function readEquivalents(): Record<string, EquivalentEntry[]> {
  if (!existsSync(equivalentsFile)) return {};
  return JSON.parse(readFileSync(equivalentsFile, "utf8")) as Record<string, EquivalentEntry[]>;
}

const sameMutant = (e: EquivalentEntry, m: GeneratedMutant) =>
  e.file === m.file && e.line === m.line && e.column === m.column && e.change === m.change;

// ---------------------------------------------------------------------------------------------
// The run

interface MutantResult {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: MutantKind;
  readonly change: string;
  outcome: "compile-error" | "killed" | "timeout" | "survived" | "equivalent";
  /** The check that killed it, or the type error. */
  detail?: string;
  reason?: string;
}

interface ExerciseSummary {
  readonly number: number;
  readonly slug: string;
  generated: number;
  compileErrors: number;
  killed: number;
  survived: number;
  equivalent: number;
  /** Killed over (generated − compile errors − equivalent). */
  killRate: number;
  /** Seconds of CPU the solution takes to grade, and the limit each mutant had. */
  baselineCpu: number;
  limitSeconds: number;
  readonly mutants: MutantResult[];
  /** Listed equivalents that matched no mutant of this run (stale entries). */
  unmatchedEquivalents: EquivalentEntry[];
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOrUsage(parseArgs, argv, usage);
  if (typeof options === "number") return options;
  const clock = performance.now();
  const log = (text: string) => process.stderr.write(text);
  const missing = await prepareKit(options.exercises);
  const exercises = options.exercises.filter((e) => !(e.data ?? []).some((d) => missing.has(d)));
  for (const e of options.exercises)
    if (!exercises.includes(e)) log(`${e.slug}: skipped, its data is missing.\n`);

  const runRoot = join(stateDir, "mutation");
  rmSync(runRoot, { recursive: true, force: true });
  mkdirSync(runRoot, { recursive: true });
  const equivalents = readEquivalents();

  // Generate and write every mutant, each in a target folder of its own.
  interface Placed {
    readonly exercise: Exercise;
    readonly mutant: GeneratedMutant;
    readonly root: string;
    readonly result: MutantResult;
  }
  const placed: Placed[] = [];
  const summaries: ExerciseSummary[] = [];
  const baselines: { exercise: Exercise; root: string }[] = [];
  for (const exercise of exercises) {
    const solution = join(repoRoot, "solutions", exercise.slug);
    const sources = exercise.files.map((file) => ({
      file,
      text: readFileSync(join(solution, file), "utf8"),
    }));
    const mutants = generateMutants(sources).filter(
      (m) => !options.paramsOnly || m.kind === "parameter",
    );
    const summary: ExerciseSummary = {
      number: exercise.number,
      slug: exercise.slug,
      generated: mutants.length,
      compileErrors: 0,
      killed: 0,
      survived: 0,
      equivalent: 0,
      killRate: 0,
      baselineCpu: 0,
      limitSeconds: 0,
      mutants: [],
      unmatchedEquivalents: (equivalents[exercise.slug] ?? []).filter(
        (e) => !mutants.some((m) => sameMutant(e, m)),
      ),
    };
    summaries.push(summary);
    const base = join(runRoot, exercise.slug, "solution");
    cpSync(solution, join(base, exercise.slug), { recursive: true });
    baselines.push({ exercise, root: base });
    mutants.forEach((mutant, i) => {
      const root = join(runRoot, exercise.slug, String(i + 1).padStart(4, "0"));
      const folder = join(root, exercise.slug);
      cpSync(solution, folder, { recursive: true });
      writeFileSync(join(folder, mutant.file), mutant.source);
      const result: MutantResult = {
        file: mutant.file,
        line: mutant.line,
        column: mutant.column,
        kind: mutant.kind,
        change: mutant.change,
        outcome: "survived",
      };
      summary.mutants.push(result);
      placed.push({ exercise, mutant, root, result });
    });
    log(`${exercise.slug}: ${mutants.length} mutants\n`);
  }

  // One tsc run for all of them: a mutant tsc rejects is reported, not graded.
  log(`Type-checking ${placed.length} mutants…\n`);
  const problemsOf = await typecheckTargets(
    placed.map((p) => ({ root: p.root, exercises: [p.exercise] })),
  );
  const toGrade: Placed[] = [];
  for (const p of placed) {
    const problems = problemsOf(p.root, p.exercise);
    if (problems.length > 0) {
      p.result.outcome = "compile-error";
      p.result.detail = `${problems[0]!.line}:${problems[0]!.column} TS${problems[0]!.code}`;
    } else toGrade.push(p);
  }
  log(
    `${placed.length - toGrade.length} do not type-check; grading the solutions, then ${toGrade.length} mutants with ${options.jobs} process${options.jobs === 1 ? "" : "es"}.\n`,
  );

  // The solutions first: each must pass, and its CPU time sets its mutants' limit.
  const limits = new Map<string, number>();
  const baseJobs = baselines.map(({ exercise, root }) => ({
    task: { grader: graderFile(exercise), slug: exercise.slug, root, tag: "solution" },
    limitSeconds: exercise.timeLimitSeconds,
  }));
  let broken = false;
  await gradeAll(baseJobs, { ...options, runRoot }, (i, verdict, cpu) => {
    const { exercise } = baselines[i]!;
    const summary = summaries.find((s) => s.slug === exercise.slug)!;
    summary.baselineCpu = cpu;
    // Generous: a correct but slower mutant must not be taken for a loop.
    const limit = Math.min(exercise.timeLimitSeconds, Math.max(10, Math.ceil(4 * cpu + 5)));
    summary.limitSeconds = limit;
    limits.set(exercise.slug, limit);
    if (verdict.outcome !== "survived") {
      broken = true;
      log(`${exercise.slug}: the solution itself does not pass (${JSON.stringify(verdict)}).\n`);
    }
  });
  if (broken) return 1;

  let done = 0;
  const started = performance.now();
  const jobs: Job[] = toGrade.map((p, i) => ({
    task: { grader: graderFile(p.exercise), slug: p.exercise.slug, root: p.root, tag: String(i) },
    limitSeconds: limits.get(p.exercise.slug)!,
  }));
  await gradeAll(
    jobs,
    { ...options, runRoot, ...(options.onePerProcess ? { perProcess: 1 } : {}) },
    (i, verdict) => {
      const p = toGrade[i]!;
      const r = p.result;
      if (verdict.outcome === "survived") {
        const entry = (equivalents[p.exercise.slug] ?? []).find((e) => sameMutant(e, p.mutant));
        if (entry) {
          r.outcome = "equivalent";
          r.reason = entry.reason;
        }
      } else if (verdict.outcome === "killed") {
        r.outcome = "killed";
        r.detail = `${verdict.by}: ${verdict.message.split("\n")[0]!.slice(0, 160)}`;
      } else {
        r.outcome = verdict.outcome === "timeout" ? "timeout" : "killed";
        r.detail = `${verdict.outcome} during ${verdict.during}`;
      }
      done++;
      if (done % 10 === 0 || done === toGrade.length) {
        const elapsed = (performance.now() - started) / 1000;
        const eta = (elapsed / done) * (toGrade.length - done);
        log(
          `[${String(done).padStart(String(toGrade.length).length)}/${toGrade.length}] ${p.exercise.slug} … ${elapsed.toFixed(0)} s, about ${eta.toFixed(0)} s left\n`,
        );
      }
    },
  );

  // The summary.
  let allAbove = true;
  const lines: string[] = [""];
  lines.push(
    `${"exercise".padEnd(22)} ${"gen".padStart(4)} ${"tsc".padStart(4)} ${"kill".padStart(4)} ${"t/o".padStart(4)} ${"surv".padStart(4)} ${"equiv".padStart(5)}  killed`,
  );
  for (const s of summaries) {
    const count = (o: MutantResult["outcome"]) => s.mutants.filter((m) => m.outcome === o).length;
    s.compileErrors = count("compile-error");
    const timeouts = count("timeout");
    s.killed = count("killed") + timeouts;
    s.survived = count("survived");
    s.equivalent = count("equivalent");
    const scored = s.killed + s.survived;
    s.killRate = scored === 0 ? 1 : s.killed / scored;
    if (s.killRate < 0.95) allAbove = false;
    lines.push(
      `${s.slug.padEnd(22)} ${String(s.generated).padStart(4)} ${String(s.compileErrors).padStart(4)} ${String(s.killed - timeouts).padStart(4)} ${String(timeouts).padStart(4)} ${String(s.survived).padStart(4)} ${String(s.equivalent).padStart(5)}  ${percent(s.killRate)}`,
    );
  }
  for (const s of summaries) {
    const survivors = s.mutants.filter((m) => m.outcome === "survived");
    const equivalent = s.mutants.filter((m) => m.outcome === "equivalent");
    if (survivors.length + equivalent.length + s.unmatchedEquivalents.length === 0) continue;
    lines.push("", `${s.slug}:`);
    for (const m of survivors)
      lines.push(`  survived    ${s.slug}/${m.file}:${m.line}:${m.column}  ${m.kind}: ${m.change}`);
    for (const m of equivalent)
      lines.push(
        `  equivalent  ${s.slug}/${m.file}:${m.line}:${m.column}  ${m.change} (${m.reason})`,
      );
    for (const e of s.unmatchedEquivalents)
      lines.push(
        `  stale entry ${s.slug}/${e.file}:${e.line}:${e.column}  ${e.change}: no such mutant now`,
      );
  }
  const seconds = (performance.now() - clock) / 1000;
  lines.push(
    "",
    `${placed.length} mutants, ${toGrade.length} graded, in ${seconds.toFixed(0)} s (seed ${options.seed}). Kill rate = killed / (killed + survived); time-outs (t/o) count as killed; mutants tsc rejects and listed equivalents are not scored.`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify({ seed: options.seed, seconds, paramsOnly: options.paramsOnly, exercises: summaries }, null, 2)}\n`,
  );
  process.stderr.write(`Wrote ${options.out}\n`);
  if (!options.keep) rmSync(runRoot, { recursive: true, force: true });
  return allAbove ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
