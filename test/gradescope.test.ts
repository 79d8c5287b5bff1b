/**
 * The Gradescope recipe end to end, offline: a folder laid out as Gradescope lays it out
 * (source/ holding the kit as zipped, with data/names.txt; submission/; results/), setup.sh
 * run once, then run_autograder on a submission of correct files, one of which grades on
 * names.txt. results.json must hold only Gradescope's fields and give full marks.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { graderFile, repoRoot } from "#kit/paths.ts";
import { gradescopeFields } from "#kit/report/gradescope.ts";

/** A local names.txt: CI provides data/names.txt; GRADLINGS_NAMES may point at another copy. */
const names = [process.env["GRADLINGS_NAMES"], join(repoRoot, "data", "names.txt")].find(
  (path): path is string => path !== undefined && path !== "" && existsSync(path),
);
const root = mkdtempSync(join(tmpdir(), "gradlings-gradescope-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const needsNames = curriculum.find((exercise) =>
  readFileSync(graderFile(exercise), "utf8").includes("#kit/names.ts"),
);
const graded = [curriculum[0]!, ...(needsNames ? [needsNames] : [])];

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AUTOGRADER_ROOT: root };
  for (const key of [
    "VITEST",
    "VITEST_POOL_ID",
    "VITEST_WORKER_ID",
    "NODE_OPTIONS",
    "GRADLINGS_NAMES",
    "GRADLINGS_GRADE_SEED",
    "GITHUB_STEP_SUMMARY",
  ])
    delete env[key];
  // Offline: a download attempted while grading would fail fast here, not reach the network.
  env["GRADLINGS_NAMES_URL"] = "http://127.0.0.1:9/names.txt";
  return env;
}

test.skipIf(names === undefined)(
  "setup.sh and run_autograder grade a submission offline, names.txt from the zip (skipped without a local names.txt: run npm run data or set GRADLINGS_NAMES)",
  () => {
    // source/: the kit's committed files as a zip would hold them, with data/names.txt.
    const source = join(root, "source");
    const files = spawnSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" })
      .stdout.split("\0")
      .filter((f) => f !== "" && existsSync(join(repoRoot, f)));
    for (const file of files) {
      mkdirSync(dirname(join(source, file)), { recursive: true });
      cpSync(join(repoRoot, file), join(source, file));
    }
    mkdirSync(join(source, "data"), { recursive: true });
    cpSync(names!, join(source, "data", "names.txt"));
    for (const script of ["setup.sh", "run_autograder"]) {
      cpSync(join(repoRoot, "docs", "examples", "gradescope", script), join(source, script));
      chmodSync(join(source, script), 0o755);
    }
    // What setup.sh's npm ci (and its prepare step) would make, taken from this kit instead.
    symlinkSync(realpathSync(join(repoRoot, "node_modules")), join(source, "node_modules"));
    if (existsSync(join(repoRoot, "build")))
      cpSync(join(repoRoot, "build"), join(source, "build"), { recursive: true });

    const setup = spawnSync("bash", [join(source, "setup.sh")], {
      env: cleanEnv(),
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(setup.status, setup.stderr).toBe(0);

    const submission = join(root, "submission");
    for (const exercise of graded)
      cpSync(join(repoRoot, "solutions", exercise.slug), join(submission, exercise.slug), {
        recursive: true,
      });
    const run = spawnSync(
      "bash",
      [join(source, "run_autograder"), ...graded.map((e) => String(e.number))],
      { env: cleanEnv(), encoding: "utf8", timeout: 200_000 },
    );
    expect(run.status, run.stderr).toBe(0);

    const results = JSON.parse(readFileSync(join(root, "results", "results.json"), "utf8")) as {
      score: number;
      tests: { score: number; max_score: number; status: string }[];
    } & Record<string, unknown>;
    for (const key of Object.keys(results))
      expect(gradescopeFields.top as readonly string[]).toContain(key);
    for (const t of results.tests) {
      for (const key of Object.keys(t))
        expect(gradescopeFields.test as readonly string[]).toContain(key);
      expect(t.status, JSON.stringify(t)).toBe("passed");
    }
    const points = graded.reduce((sum, e) => sum + e.points, 0);
    expect(results.score).toBe(points);
  },
  400_000,
);

test.skipIf(names === undefined)("setup.sh refuses a zip without names.txt", () => {
  const bare = mkdtempSync(join(tmpdir(), "gradlings-gradescope-bare-"));
  try {
    const source = join(bare, "source");
    mkdirSync(source, { recursive: true });
    symlinkSync(realpathSync(join(repoRoot, "node_modules")), join(source, "node_modules"));
    const setup = spawnSync(
      "bash",
      [join(repoRoot, "docs", "examples", "gradescope", "setup.sh")],
      {
        env: { ...cleanEnv(), AUTOGRADER_ROOT: bare },
        encoding: "utf8",
      },
    );
    expect(setup.status).not.toBe(0);
    expect(setup.stderr).toMatch(/data\/names\.txt is not in the zip/);
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
});
