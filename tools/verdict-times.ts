/**
 * How long a learner waits for a verdict: `npm run exercise N` on the solutions, the whole
 * process (Node, the loader, the type check, the grading process), timed from outside.
 *
 *   npm run verdict-times -- [N…] [--runs R] [--compare DIR] [--cold]
 *
 * Prints each exercise's median wall time and CPU time (user + system of the process and all
 * it started, when /usr/bin/time is there to count them), then the median over the exercises.
 * With --compare DIR (another checkout of the kit), the two are run alternately, one run of
 * each in turn, so a machine whose load changes meanwhile weighs on both alike; the ratios
 * (this / DIR) are what to quote on a loaded machine. With --cold, the type check's kept
 * verdicts are cleared before every run, as after a save (the watch mode's every verdict); without
 * it, all but the first run of an exercise find theirs kept. Not part of npm test: it takes minutes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { curriculum } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";

interface Timing {
  readonly wall: number;
  /** user + system seconds of the process tree; NaN when they cannot be counted. */
  readonly cpu: number;
  readonly user: number;
  readonly status: number | null;
}

const timeCommand = "/usr/bin/time";

function usage(message?: string): never {
  if (message) console.error(message);
  console.error("Usage: npm run verdict-times -- [N…] [--runs R] [--compare DIR] [--cold]");
  process.exit(2);
}

function parse(argv: readonly string[]) {
  const numbers: number[] = [];
  let runs = 3;
  let compare: string | undefined;
  let cold = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--runs") runs = Number(argv[++i]);
    else if (arg === "--compare") compare = argv[++i];
    else if (arg === "--cold") cold = true;
    else if (/^\d+$/.test(arg)) numbers.push(Number(arg));
    else usage(`Unknown argument: ${arg}`);
  }
  if (!Number.isInteger(runs) || runs < 1) usage("--runs needs a whole number of at least 1.");
  if (compare !== undefined && !existsSync(join(compare, "cli", "exercise.ts")))
    usage(`--compare needs a checkout of the kit: ${compare}/cli/exercise.ts is not there.`);
  const all = curriculum.map((e) => e.number);
  for (const n of numbers) if (!all.includes(n)) usage(`There is no exercise ${n}.`);
  return {
    numbers: numbers.length > 0 ? numbers : all,
    runs,
    cold,
    compare: compare === undefined ? undefined : resolve(compare),
  };
}

/** One verdict, as a learner asks for it (no terminal: no live progress line, no prompts). */
function timeVerdict(root: string, exercise: number, cold: boolean): Timing {
  if (cold) rmSync(join(root, ".gradlings", "typecheck-cache"), { recursive: true, force: true });
  const counted = existsSync(timeCommand);
  const scratch = mkdtempSync(join(tmpdir(), "verdict-times-"));
  const report = join(scratch, "time.txt");
  const command = [process.execPath, "--import", "tsx", "cli/exercise.ts", String(exercise)];
  const started = performance.now();
  const run = spawnSync(
    counted ? timeCommand : command[0]!,
    counted ? ["-o", report, "-f", "%U %S", ...command] : command.slice(1),
    {
      cwd: root,
      env: { ...process.env, CI: "true", GRADLINGS_TARGET: "solutions" },
      stdio: "ignore",
    },
  );
  const wall = (performance.now() - started) / 1000;
  let user = Number.NaN;
  let cpu = Number.NaN;
  if (counted && existsSync(report)) {
    // The last line: /usr/bin/time puts a note about a non-zero exit before it.
    const last = readFileSync(report, "utf8").trim().split("\n").pop() ?? "";
    const [u, s] = last.split(" ").map(Number);
    if (u !== undefined && s !== undefined) {
      user = u;
      cpu = u + s;
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  return { wall, cpu, user, status: run.status };
}

function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const seconds = (v: number) => (Number.isNaN(v) ? "   –" : v.toFixed(2)).padStart(6);
const ratio = (a: number, b: number) =>
  (Number.isNaN(a) || Number.isNaN(b) || b === 0 ? "   –" : (a / b).toFixed(2)).padStart(6);

const { numbers, runs, cold, compare } = parse(process.argv.slice(2));
const roots = compare ? [repoRoot, compare] : [repoRoot];
console.log(
  `${runs} run${runs === 1 ? "" : "s"} of each verdict${cold ? " (type checks not kept)" : ""}, medians in seconds${existsSync(timeCommand) ? "" : " (no /usr/bin/time here: wall time only)"}${compare ? `; "other" is ${compare}` : ""}`,
);
console.log(
  compare
    ? "  ex    wall     cpu  other wall     cpu   wall ratio  cpu ratio"
    : "  ex    wall     cpu    user",
);
const medians: { wall: number; cpu: number; otherWall: number; otherCpu: number }[] = [];
for (const n of numbers) {
  const timings: Timing[][] = roots.map(() => []);
  for (let r = 0; r < runs; r++) {
    // Alternate which goes first, so neither always meets the other's leftovers.
    const order = r % 2 === 0 ? roots.map((_, i) => i) : roots.map((_, i) => roots.length - 1 - i);
    for (const i of order) timings[i]!.push(timeVerdict(roots[i]!, n, cold));
  }
  const failed = timings.flat().filter((t) => t.status !== 0).length;
  const [mine, other] = timings.map((ts) => ({
    wall: median(ts.map((t) => t.wall)),
    cpu: median(ts.map((t) => t.cpu)),
    user: median(ts.map((t) => t.user)),
  }));
  medians.push({
    wall: mine!.wall,
    cpu: mine!.cpu,
    otherWall: other?.wall ?? Number.NaN,
    otherCpu: other?.cpu ?? Number.NaN,
  });
  const note = failed > 0 ? `  (${failed} run${failed === 1 ? "" : "s"} did not pass)` : "";
  console.log(
    other
      ? `  ${String(n).padStart(2)}  ${seconds(mine!.wall)}  ${seconds(mine!.cpu)}      ${seconds(other.wall)}  ${seconds(other.cpu)}       ${ratio(mine!.wall, other.wall)}     ${ratio(mine!.cpu, other.cpu)}${note}`
      : `  ${String(n).padStart(2)}  ${seconds(mine!.wall)}  ${seconds(mine!.cpu)}  ${seconds(mine!.user)}${note}`,
  );
}
const wall = median(medians.map((m) => m.wall));
const cpu = median(medians.map((m) => m.cpu));
if (compare) {
  const otherWall = median(medians.map((m) => m.otherWall));
  const otherCpu = median(medians.map((m) => m.otherCpu));
  console.log(
    `median  ${seconds(wall)}  ${seconds(cpu)}      ${seconds(otherWall)}  ${seconds(otherCpu)}       ${ratio(wall, otherWall)}     ${ratio(cpu, otherCpu)}`,
  );
} else console.log(`median  ${seconds(wall)}  ${seconds(cpu)}`);
