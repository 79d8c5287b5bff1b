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
import {
  type ExerciseProgress,
  emptyProgress,
  filesHash,
  learnerFilesHash,
  loadProgress,
  recordGrade,
  saveProgress,
} from "#cli/lib/progress.ts";
import { curriculum } from "#course/curriculum.ts";
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
  expect(saved.exercises["backward"]?.pass).toBeUndefined();
  expect(saved.exercises["03-backward"]).toBeUndefined();
});

test.each([
  [["99"], /There is no exercise "99"/],
  [["backwrd"], /There is no exercise "backwrd"; did you mean backward \(exercise 3\)\?/],
  [["04-backward"], /did you mean backward \(exercise 3\)\?/],
  [["nxt"], /did you mean next\?/],
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

test.each([[["backwrd"]], [["99"]], [["zzzzzzzzzz"]]])(
  "an unknown exercise (%j) gets its one sentence, not the whole usage",
  (args) => {
    const { code, out } = run(args);
    expect(code).toBe(2);
    expect(out).toMatch(/^There is no exercise/);
    expect(out).not.toMatch(/Usage:/);
  },
);

test("an exercise is named by its number, its id or its folder", () => {
  rmSync(progress, { force: true });
  const asked = (name: string) => {
    const { code, out } = run([name, "--hint"]);
    expect(code, name).toBe(0);
    return out;
  };
  // The same exercise each time, so its hints come in turn, kept under its id.
  expect(asked("3")).toMatch(/Hint 1\/3 for exercise 3 ·/);
  expect(asked("backward")).toMatch(/Hint 2\/3 for exercise 3 ·/);
  expect(asked("03-backward")).toMatch(/Hint 3\/3 for exercise 3 ·/);
  expect(asked("Backward")).toMatch(/last hint for exercise 3\./);
  expect(Object.keys(loadProgress(progress).exercises)).toEqual(["backward"]);
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
    // Backups are kept under the id, like progress, so renumbering folders does not scatter them.
    const backups = join(stateDir, "backups", "derivative");
    const latest = readdirSync(backups).sort().at(-1)!;
    expect(readFileSync(join(backups, latest, "derivative.ts"), "utf8")).toMatch(
      /my work in progress/,
    );
    expect(out).toMatch(/\.gradlings\/backups\/derivative\//);
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
    // one-sided: wrong on quadratics (central) and on cubics with a given h (any-h)
    expect(out).toMatch(/Score 4\/6/);
  } finally {
    rmSync(join(stateDir, "fixtures", "runner"), { recursive: true, force: true });
  }
});

test("a borrowed answer scores zero in the runner as in `npm run grade`, with the same sentence", () => {
  const target = join(stateDir, "fixtures", "runner", "borrowed");
  const folder = join(target, "01-derivative");
  mkdirSync(folder, { recursive: true });
  // A re-export of the solution, under a path the source scan cannot read.
  writeFileSync(
    join(folder, "derivative.ts"),
    `const m = await import(["../../../../../sol", "utions/01-derivative/derivative.ts"].join(""));
export const derivative = m.derivative;
export const partialDerivative = m.partialDerivative;
`,
  );
  try {
    const { code, out } = run(["1"], { GRADLINGS_TARGET: target });
    expect(code).toBe(1);
    expect(out).toMatch(/Scored zero: [\s\S]*derivative\.ts[\s\S]*imported/);
    expect(out).toMatch(/Score 0\/6/);
    expect(out).not.toMatch(/passed\./);
  } finally {
    rmSync(join(stateDir, "fixtures", "runner"), { recursive: true, force: true });
  }
});

test("progress is replaced whole: a write cut short leaves the previous version readable", () => {
  const path = join(home, "atomic.json");
  saveProgress(
    { ...emptyProgress(), exercises: { derivative: { attempts: 2, hintsSeen: 1 } } },
    path,
  );
  // A crash between writing the temporary file and renaming it leaves only a stray temporary.
  writeFileSync(`${path}.12345.tmp`, '{"version": 2, "exerc');
  expect(loadProgress(path).exercises["derivative"]).toEqual({ attempts: 2, hintsSeen: 1 });
  saveProgress(emptyProgress(), path);
  expect(
    readdirSync(home).filter((f) => f.startsWith("atomic.json.") && f !== "atomic.json.12345.tmp"),
  ).toEqual([]);
});

test("a version-1 file is migrated to ids, carrying everything, and saved as version 2", () => {
  const version1 = {
    version: 1,
    exercises: {
      "01-derivative": {
        attempts: 3,
        hintsSeen: 2,
        passedAt: "2026-01-01T10:00:00.000Z",
        lastStatus: "passed",
      },
      "03-backward": { attempts: 2, hintsSeen: 1, lastStatus: "failed" },
      // Passed once, then failed: the solution stays open, the ✔ does not.
      "05-mlp": {
        attempts: 4,
        hintsSeen: 3,
        passedAt: "2026-01-02T10:00:00.000Z",
        lastStatus: "error",
      },
      "99-removed": { attempts: 7, hintsSeen: 0, passedAt: "2025-12-31T10:00:00.000Z" },
    },
  };
  writeFileSync(progress, JSON.stringify(version1, null, 2));
  const warnings: string[] = [];
  const migrated = loadProgress(progress, (message) => warnings.push(message));
  expect(migrated.version).toBe(2);
  expect(migrated.exercises).toEqual({
    derivative: {
      attempts: 3,
      hintsSeen: 2,
      lastStatus: "passed",
      firstPassedAt: "2026-01-01T10:00:00.000Z",
      // No hash in a version-1 file: the pass is trusted until graded again.
      pass: { at: "2026-01-01T10:00:00.000Z" },
    },
    backward: { attempts: 2, hintsSeen: 1, lastStatus: "failed" },
    mlp: {
      attempts: 4,
      hintsSeen: 3,
      lastStatus: "error",
      firstPassedAt: "2026-01-02T10:00:00.000Z",
    },
  });
  // An entry that names no exercise is kept, untouched, and the learner is told.
  expect(migrated.setAside).toEqual({ "99-removed": version1.exercises["99-removed"] });
  expect(warnings.join(" ")).toMatch(/99-removed/);

  // Listing reads without writing: the file stays as it was until something is saved.
  const listed = run(["list"]);
  expect(listed.out).toMatch(/✔ {2}1 {2}The derivative/);
  expect(listed.out).toMatch(/✘ {2}3 /);
  expect(listed.out).toMatch(/✘ {2}5 /);
  expect(listed.out).toMatch(/Course: 1\/\d+ exercises passed/);
  expect(JSON.parse(readFileSync(progress, "utf8"))).toEqual(version1);

  // The next save writes version 2, keyed by ids, with the unknown entry set aside.
  expect(run(["2", "--hint"]).code).toBe(0);
  const saved = JSON.parse(readFileSync(progress, "utf8"));
  expect(saved.version).toBe(2);
  expect(Object.keys(saved.exercises).sort()).toEqual(["backward", "derivative", "mlp", "value"]);
  expect(saved.exercises.derivative).toEqual(migrated.exercises["derivative"]);
  expect(saved.exercises.value).toEqual({ attempts: 0, hintsSeen: 1 });
  expect(saved.setAside).toEqual({ "99-removed": version1.exercises["99-removed"] });
  expect(readdirSync(home).filter((f) => /^progress\.json\..*\.tmp$/.test(f))).toEqual([]);
  // Read again, version 2 is what was written.
  expect(loadProgress(progress)).toEqual({ ...migrated, exercises: saved.exercises });
  // The solution of an exercise that once passed stays open.
  expect(run(["5", "--solution"]).code).toBe(0);
});

/** A progress file in which exercise 1 passed with its files as `sha256` says. */
function passedExercise1(sha256: string): void {
  const at = "2026-01-01T10:00:00.000Z";
  const derivative: ExerciseProgress = {
    attempts: 1,
    hintsSeen: 0,
    lastStatus: "passed",
    firstPassedAt: at,
    pass: { at, sha256 },
  };
  saveProgress({ ...emptyProgress(), exercises: { derivative } }, progress);
}

const exercise1 = curriculum.find((e) => e.id === "derivative")!;
const exercise1File = join(repoRoot, "exercises", exercise1.slug, "derivative.ts");

test("the ✔ stands while the files hash to what passed; an edit shows as changed", () => {
  const original = readFileSync(exercise1File, "utf8");
  try {
    passedExercise1(learnerFilesHash(exercise1));
    const before = run(["list"]).out;
    expect(before).toMatch(/✔ {2}1 {2}The derivative, measured \(6 pts\)/);
    expect(before).toMatch(/Course: 1\/\d+ exercises passed · 6\//);
    expect(before).toMatch(/Next: read exercises\/02-value/);

    // Line endings are not an edit.
    writeFileSync(exercise1File, original.replace(/\n/g, "\r\n"));
    expect(run(["list"]).out).toMatch(/✔ {2}1 /);

    writeFileSync(exercise1File, `${original}\n// trying something\n`);
    const after = run(["list"]).out;
    expect(after).toMatch(/✎ {2}1 {2}The derivative, measured \(6 pts, changed\)/);
    expect(after).toMatch(/changed since it passed/);
    expect(after).toMatch(/Course: 0\/\d+ exercises passed · 0\//);
    expect(after).toMatch(/Next: read exercises\/01-derivative/);
    // "next" no longer skips it, and the solution it earned stays open.
    expect(run(["next", "--hint"]).out).toMatch(/for exercise 1 ·/);
    expect(run(["1", "--solution"]).code).toBe(0);

    // Undoing the edit brings the ✔ back: the pass was for exactly that content.
    writeFileSync(exercise1File, original);
    expect(run(["list"]).out).toMatch(/✔ {2}1 /);
  } finally {
    writeFileSync(exercise1File, original);
  }
});

test("a later failing grade clears the ✔ but keeps the solution open", () => {
  // The stub fails; say it had passed with exactly these files.
  passedExercise1(learnerFilesHash(exercise1));
  const { code, out } = run(["1"]);
  expect(code).toBe(1);
  expect(out).toMatch(/Course: 0\/\d+ exercises passed/);
  const saved = loadProgress(progress).exercises["derivative"]!;
  expect(saved.pass).toBeUndefined();
  expect(saved.lastStatus).toBe("failed");
  expect(saved.attempts).toBe(2);
  expect(saved.firstPassedAt).toBe("2026-01-01T10:00:00.000Z");
  expect(run(["list"]).out).toMatch(/✘ {2}1 /);
  expect(run(["1", "--solution"]).code).toBe(0);
});

test("a reset clears the ✔", () => {
  const original = readFileSync(exercise1File, "utf8");
  try {
    writeFileSync(exercise1File, `${original}\n// my passing version\n`);
    passedExercise1(learnerFilesHash(exercise1));
    expect(run(["list"]).out).toMatch(/✔ {2}1 /);
    expect(run(["1", "--reset", "--yes"]).code).toBe(0);
    const saved = loadProgress(progress).exercises["derivative"]!;
    expect(saved.pass).toBeUndefined();
    expect(saved.firstPassedAt).toBe("2026-01-01T10:00:00.000Z");
    const listed = run(["list"]).out;
    expect(listed).toMatch(/· {2}1 /);
    expect(listed).toMatch(/Course: 0\/\d+ exercises passed/);
  } finally {
    writeFileSync(exercise1File, original);
  }
});

test("a pass records the hash of the files it passed with; a failure drops it", () => {
  const record: ExerciseProgress = { attempts: 0, hintsSeen: 1 };
  recordGrade(record, "passed", "a".repeat(64), new Date("2026-01-01T10:00:00Z"));
  recordGrade(record, "passed", "b".repeat(64), new Date("2026-01-02T10:00:00Z"));
  // The first pass is remembered; the standing pass is the latest one.
  expect(record).toEqual({
    attempts: 2,
    hintsSeen: 1,
    lastStatus: "passed",
    firstPassedAt: "2026-01-01T10:00:00.000Z",
    pass: { at: "2026-01-02T10:00:00.000Z", sha256: "b".repeat(64) },
  });
  recordGrade(record, "timeout", "c".repeat(64));
  expect(record.pass).toBeUndefined();
  expect(record.firstPassedAt).toBe("2026-01-01T10:00:00.000Z");
});

test("the files' hash covers every file, its name and content, not its line endings", () => {
  const folder = join(home, "hashed");
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "a.ts"), "one\ntwo\n");
  writeFileSync(join(folder, "b.ts"), "three\n");
  const hash = filesHash(folder, ["a.ts", "b.ts"]);
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  writeFileSync(join(folder, "a.ts"), "one\r\ntwo\r\n");
  expect(filesHash(folder, ["a.ts", "b.ts"])).toBe(hash);
  writeFileSync(join(folder, "b.ts"), "three \n");
  expect(filesHash(folder, ["a.ts", "b.ts"])).not.toBe(hash);
  writeFileSync(join(folder, "b.ts"), "three\n");
  expect(filesHash(folder, ["a.ts"])).not.toBe(hash);
  rmSync(join(folder, "b.ts"));
  expect(filesHash(folder, ["a.ts", "b.ts"])).not.toBe(hash);
});

test("every line of a verdict fits 80 columns, failures and their code included", () => {
  // Two known mistakes, each in a folder laid out like exercises/: long check titles,
  // a message, a box of code to paste.
  const target = join(home, "mistakes");
  const mistakes = [
    ["03-backward", "course/micrograd/backward/mutants/grad-assigned-not-accumulated"],
    ["09-sampling", "course/makemore-1/sampling/mutants/normalised-without-keepdim"],
  ] as const;
  for (const [slug, mutant] of mistakes) {
    const folder = join(target, slug);
    mkdirSync(folder, { recursive: true });
    const source = join(repoRoot, mutant);
    for (const file of readdirSync(source))
      writeFileSync(join(folder, file), readFileSync(join(source, file)));
  }
  for (const [slug] of mistakes) {
    const { code, out } = run([slug], { GRADLINGS_TARGET: target });
    expect(code, out).toBe(1);
    expect(out).toMatch(/the smallest input that fails/);
    const wide = out.split("\n").filter((line) => [...line].length > 80);
    expect(wide, `${slug}: lines wider than 80 columns`).toEqual([]);
  }
});
