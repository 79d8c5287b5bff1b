/** The learner's runner, driven the way CI and a pipe drive it: no terminal, no stdin. */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { loadProgress, saveProgress } from "#cli/lib/progress.ts";
import { repoRoot, stateDir } from "#kit/paths.ts";

const home = mkdtempSync(join(tmpdir(), "gradlings-runner-"));
const progress = join(home, "progress.json");
afterAll(() => rmSync(home, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "cli/exercise.ts", ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      CI: "true",
      GRADLINGS_PROGRESS: progress,
      NO_COLOR: "1",
      ...env,
      VITEST: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout + result.stderr };
}

test("with no terminal and no argument it prints the list and exits", () => {
  const { code, out } = run([]);
  expect(code).toBe(0);
  expect(out).toMatch(/micrograd/);
  expect(out).toMatch(/npm run exercise 1/);
});

test("the untouched stub exits 1 and says what to implement first", () => {
  const { code, out } = run(["3"]);
  expect(code).toBe(1);
  expect(out).toMatch(/Not implemented yet: backward\(\)/);
  expect(out).toMatch(/Score 0\/11/);
});

test("graded against the solutions it exits 0, without touching the learner's progress", () => {
  const { code, out } = run(["3"], { GRADLINGS_TARGET: "solutions" });
  expect(code).toBe(0);
  expect(out).toMatch(/Exercise 3 passed/);
  const saved = existsSync(progress)
    ? JSON.parse(readFileSync(progress, "utf8"))
    : { exercises: {} };
  expect(saved.exercises["03-backward"]?.passedAt).toBeUndefined();
});

test.each([
  [["99"], /There is no exercise "99"/],
  [["1", "--bogus"], /Unknown option --bogus/],
  [["1", "--seed", "x"], /--seed needs a whole number/],
  [["1", "--solution"], /opens once exercise 1 passes/],
  [["--hint"], /--hint needs an exercise/],
])("a usage error (%j) is one sentence and exit 2", (args, message) => {
  const { code, out } = run(args);
  expect(code).toBe(2);
  expect(out).toMatch(message);
  expect(out).not.toMatch(/\n\s+at /);
});

test("hints come one at a time, each more specific, then the lesson", () => {
  expect(run(["2", "--hint"]).out).toMatch(/Hint 1\/3/);
  expect(run(["2", "--hint"]).out).toMatch(/Hint 2\/3/);
  expect(run(["2", "--hint"]).out).toMatch(/Hint 3\/3/);
  expect(run(["2", "--hint"]).out).toMatch(/That was the last hint/);
});

test("reset keeps a backup of the learner's file and restores the stub", () => {
  const path = join(repoRoot, "exercises", "01-derivative", "derivative.ts");
  const original = readFileSync(path, "utf8");
  try {
    writeFileSync(path, `${original}\n// my work in progress\n`);
    // Without a terminal to ask, nothing is replaced until --yes says so.
    const unconfirmed = run(["1", "--reset"]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.out).toMatch(/add --yes/);
    expect(readFileSync(path, "utf8")).toMatch(/my work in progress/);
    const { code, out } = run(["1", "--reset", "--yes"]);
    expect(code).toBe(0);
    expect(out).toMatch(/back to its original stub/);
    expect(readFileSync(path, "utf8")).not.toMatch(/my work in progress/);
    const backups = join(stateDir, "backups", "01-derivative");
    const latest = readdirSync(backups).sort().at(-1)!;
    expect(readFileSync(join(backups, latest, "derivative.ts"), "utf8")).toMatch(
      /my work in progress/,
    );
    expect(out).toMatch(/\.gradlings\/backups\/01-derivative\//);
    expect(run(["1", "--reset", "--yes"]).out).toMatch(/already the original stub/);
  } finally {
    writeFileSync(path, original);
  }
});

test("a damaged progress file is set aside, not fatal", () => {
  writeFileSync(progress, '{"version": 1, "exercises": {"01-deriv');
  const { code, out } = run(["list"]);
  expect(code).toBe(0);
  expect(out).toMatch(/progress file was damaged/);
  expect(readdirSync(home).some((f) => f.startsWith("progress.json.damaged-"))).toBe(true);
});

test("the solution opens once the exercise has passed", () => {
  writeFileSync(
    progress,
    JSON.stringify({
      version: 1,
      exercises: {
        "01-derivative": { attempts: 1, hintsSeen: 0, passedAt: "2026-01-01T00:00:00Z" },
      },
    }),
  );
  const { code, out } = run(["1", "--solution"]);
  expect(code).toBe(0);
  expect(out).toMatch(/return \(f\(x \+ h\) - f\(x - h\)\) \/ \(2 \* h\);/);
});

test("flags typed without npm's -- still reach the runner", () => {
  // `npm run exercise 1 --hint` hands --hint to npm, which passes it on as npm_config_hint.
  const { code, out } = run(["1"], { npm_lifecycle_event: "exercise", npm_config_hint: "true" });
  expect(code).toBe(0);
  expect(out).toMatch(/Hint 1\/3 for exercise 1/);
});

test("next grades the first exercise not yet passed", () => {
  writeFileSync(
    progress,
    JSON.stringify({
      version: 1,
      exercises: {
        "01-derivative": { attempts: 1, hintsSeen: 0, passedAt: "2026-01-01T00:00:00Z" },
      },
    }),
  );
  const { code, out } = run(["next"]);
  expect(code).toBe(1);
  expect(out).toMatch(/Exercise 2 ·/);
  expect(out).toMatch(/Course: 1\/\d+ exercises passed/);
});

test("a failure shows the input as code to paste and the command that replays it", () => {
  const target = join(stateDir, "fixtures", "runner", "forward");
  const folder = join(target, "01-derivative");
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, "derivative.ts"),
    `export function derivative(f: (x: number) => number, x: number, h = 1e-5): number {
  console.log("my debug line");
  return (f(x + h) - f(x)) / h;
}
export function partialDerivative(f: (...a: number[]) => number, args: readonly number[], i: number, h = 1e-5): number {
  const up = [...args]; const down = [...args]; up[i] = args[i]! + h; down[i] = args[i]! - h;
  return (f(...up) - f(...down)) / (2 * h);
}
`,
  );
  try {
    const { code, out } = run(["1", "--seed", "7"], { GRADLINGS_TARGET: target });
    expect(code).toBe(1);
    expect(out).toMatch(/one-sided difference/);
    expect(out).toMatch(/the smallest input that fails[\s\S]*derivative\(f, /);
    expect(out).toMatch(/npm run exercise 1 -- --seed 7/);
    expect(out).toMatch(/my debug line/);
    expect(out).toMatch(/Score 5\/6/);
  } finally {
    rmSync(join(stateDir, "fixtures", "runner"), { recursive: true, force: true });
  }
});

test("progress is replaced whole: a write cut short leaves the previous version readable", () => {
  const path = join(home, "atomic.json");
  saveProgress({ version: 1, exercises: { "01-derivative": { attempts: 2, hintsSeen: 1 } } }, path);
  // A crash between writing the temporary file and renaming it leaves only a stray temporary.
  writeFileSync(`${path}.12345.tmp`, '{"version": 1, "exerc');
  expect(loadProgress(path).exercises["01-derivative"]).toEqual({ attempts: 2, hintsSeen: 1 });
  saveProgress({ version: 1, exercises: {} }, path);
  expect(
    readdirSync(home).filter((f) => f.startsWith("atomic.json.") && f !== "atomic.json.12345.tmp"),
  ).toEqual([]);
});
