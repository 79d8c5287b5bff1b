/** The learner's runner, driven the way CI and a pipe drive it: no terminal, no stdin. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { repoRoot, stateDir } from "../graders/kit/paths.ts";

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
  [["1", "--reset"], /add --yes/],
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
    const { code, out } = run(["1", "--reset", "--yes"]);
    expect(code).toBe(0);
    expect(out).toMatch(/back to its original stub/);
    expect(readFileSync(path, "utf8")).not.toMatch(/my work in progress/);
    const backups = join(stateDir, "backups", "01-derivative");
    const latest = readdirSync(backups).sort().at(-1)!;
    expect(readFileSync(join(backups, latest, "derivative.ts"), "utf8")).toMatch(
      /my work in progress/,
    );
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
