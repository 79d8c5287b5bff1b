/**
 * The learner template (`npm run classroom -- template OUT`): nothing in it is a solution or a
 * near-solution, it passes its own `npm test`, it grades to zero as handed out with trusted
 * graders, its workflow hands GitHub Classroom's reporter the points, and `--solution` says the
 * solutions are not there.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { learnerWorkflow } from "#cli/lib/template.ts";
import { curriculum } from "#course/curriculum.ts";
import { buildManifest, verifyIntegrity, walk } from "#kit/manifest.ts";
import { repoRoot } from "#kit/paths.ts";
import type { GradeReport } from "#kit/report/model.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-template-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const template = join(scratch, "course-template");

function env(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...process.env,
    // Offline, as a fresh clone with no names.txt yet: a download attempt fails at once.
    GRADLINGS_NAMES_URL: "http://127.0.0.1:9/names.txt",
  };
  for (const key of [
    "VITEST",
    "VITEST_POOL_ID",
    "VITEST_WORKER_ID",
    "NODE_OPTIONS",
    "GRADLINGS_NAMES",
    "GRADLINGS_GRADE_SEED",
    "GRADLINGS_TARGET",
    "GRADLINGS_PIN",
    "INIT_CWD",
  ])
    delete out[key];
  return out;
}

function npm(args: readonly string[]) {
  return spawnSync("npm", ["run", "--silent", ...args], {
    cwd: template,
    env: env(),
    encoding: "utf8",
    timeout: 300_000,
  });
}

/** Every solution, mutant and alternative file of the kit, by content. */
function nearSolutions(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (path: string) => found.set(readFileSync(path, "utf8"), relative(repoRoot, path));
  for (const path of walk(join(repoRoot, "solutions"), (p) => p.endsWith(".ts"))) add(path);
  for (const path of walk(join(repoRoot, "course"), (p) =>
    /[\\/](mutants|alternatives)[\\/][^\\/]+[\\/]/.test(p),
  ))
    add(path);
  return found;
}

describe("the learner template", () => {
  test("is written with the exercises, graders and kit, and no solution of any kind", () => {
    const made = spawnSync(
      process.execPath,
      ["--import", "tsx", "cli/classroom.ts", "template", template],
      { cwd: repoRoot, env: env(), encoding: "utf8" },
    );
    expect(made.status, made.stderr).toBe(0);
    for (const exercise of curriculum) {
      expect(existsSync(join(template, "exercises", exercise.slug, "README.md"))).toBe(true);
      expect(existsSync(join(template, "course", exercise.track, exercise.id, "grader.ts"))).toBe(
        true,
      );
    }
    const files = walk(template, () => true).map((p) => relative(template, p));
    for (const path of files) {
      expect(path).not.toMatch(/^(solutions|test)\//);
      expect(path).not.toMatch(/(^|\/)(mutants|alternatives)\//);
      expect(path).not.toMatch(/\.test\.ts$/);
    }
    expect(readdirSync(template)).not.toContain("solutions");
    // Nothing carries a solution's, a mutant's or an alternative's text under another name.
    const forbidden = nearSolutions();
    for (const path of files) {
      const text = readFileSync(join(template, path), "utf8");
      expect(forbidden.get(text), path).toBeUndefined();
    }
    const pkg = JSON.parse(readFileSync(join(template, "package.json"), "utf8")) as {
      imports: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(Object.keys(pkg.imports).some((k) => k.startsWith("#solutions"))).toBe(false);
    expect(pkg.scripts["new-exercise"]).toBeUndefined();
    expect(pkg.scripts["test"]).toBe("npm run typecheck && npm run manifest -- --check");
  });

  test("pins the kit it was made from, and its workflow reports the points to Classroom", () => {
    const integrity = verifyIntegrity({ root: template });
    expect(integrity.trusted).toBe(true);
    // The same graders as the instructor's kit: the same digest.
    expect(integrity.digest).toBe(buildManifest(repoRoot).digest);
    const workflow = readFileSync(join(template, ".github", "workflows", "classroom.yml"), "utf8");
    expect(workflow).toBe(learnerWorkflow(integrity.digest));
    expect(workflow).toContain(`GRADLINGS_PIN: ${integrity.digest}`);
    // The reporter puts the points on the check run named after this job.
    expect(workflow).toMatch(/^ {2}run-autograding-tests:$/m);
    expect(workflow).toMatch(/id: gradlings\n/);
    expect(workflow).toMatch(/npm run grade -- --format [\w,]*classroom/);
    expect(workflow).toContain("uses: classroom-resources/autograding-grading-reporter@v1");
    // The reporter reads the grade step's output `result` as the runner "gradlings".
    expect(workflow).toMatch(/GRADLINGS_RESULTS: \$\{\{ steps\.gradlings\.outputs\.result \}\}/);
    expect(workflow).toMatch(/runners: gradlings\n/);
    expect(workflow).not.toContain("GRADLINGS_GRADE_SEED");
    const readme = readFileSync(join(template, "README.md"), "utf8");
    expect(readme).toContain(integrity.digest);
    expect(readme).toMatch(/solutions are not in this repository/);
  });

  test("passes its own npm test, grades to zero as handed out, and has no solutions to show", () => {
    // What `npm install` would make, without the network: the kit's packages and kernels.
    symlinkSync(join(repoRoot, "node_modules"), join(template, "node_modules"));
    if (existsSync(join(repoRoot, "build")))
      cpSync(join(repoRoot, "build"), join(template, "build"), { recursive: true });

    const tested = npm(["test"]);
    expect(tested.status, `${tested.stdout}\n${tested.stderr}`).toBe(0);

    const out = join(scratch, "grade-out");
    const graded = npm(["grade", "--", "--format", "json", "--out", out]);
    expect(graded.status, graded.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as GradeReport;
    expect(report.integrity.trusted).toBe(true);
    expect(report.exercises).toHaveLength(curriculum.length);
    expect(report.totals.earned).toBe(0);
    for (const e of report.exercises) expect(e.status, e.slug).not.toBe("passed");

    const solution = npm(["exercise", "--", "1", "--solution"]);
    expect(solution.status).toBe(2);
    expect(solution.stderr).toMatch(/no solutions/);
  });
});
