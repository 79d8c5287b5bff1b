/**
 * `npm run classroom -- template OUT`: the repository handed to learners holds no solution,
 * no grader's mutant or alternative (near-solutions) and no file equal to a solution; its own
 * `npm test` (the manifest check) passes; and graded as handed out it scores zero, trusted.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, expect, test } from "vitest";
import { writeTemplate } from "#cli/classroom.ts";
import { repoRoot } from "#kit/paths.ts";
import type { GradeReport } from "#kit/report/model.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-template-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (name === "node_modules" || name === "build") return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

test("the learner template has no solution and grades to zero as handed out", () => {
  const out = join(scratch, "template");
  writeTemplate(out);
  const files = walk(out).map((f) => relative(out, f).split("\\").join("/"));
  expect(files.some((f) => f.startsWith("solutions/"))).toBe(false);
  expect(files.some((f) => /\/(mutants|alternatives)\//.test(f))).toBe(false);
  expect(files.some((f) => f.startsWith("test/"))).toBe(false);
  expect(files).toContain(".github/workflows/classroom.yml");
  expect(files).toContain("README.md");
  const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as {
    imports: Record<string, string>;
  };
  expect(pkg.imports["#solutions/*"]).toBeUndefined();
  // No file of the template has a solution's content (a copy under another name included).
  const solutions = new Set(
    walk(join(repoRoot, "solutions")).map((f) => readFileSync(f, "utf8").trim()),
  );
  for (const file of files)
    expect(solutions.has(readFileSync(join(out, file), "utf8").trim()), file).toBe(false);

  // What `npm ci` would make, taken from this kit.
  symlinkSync(realpathSync(join(repoRoot, "node_modules")), join(out, "node_modules"));
  if (existsSync(join(repoRoot, "build")))
    cpSync(join(repoRoot, "build"), join(out, "build"), { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete env[key];
  delete env["GRADLINGS_GRADE_SEED"];
  delete env["GITHUB_STEP_SUMMARY"];
  delete env["GITHUB_OUTPUT"];
  const check = spawnSync(process.execPath, ["--import", "tsx", "cli/manifest.ts", "--check"], {
    cwd: out,
    env,
    encoding: "utf8",
  });
  expect(check.status, check.stderr).toBe(0);

  const grade = spawnSync(
    process.execPath,
    ["--import", "tsx", "cli/grade.ts", "--jobs", "2", "--out", join(scratch, "out")],
    { cwd: out, env, encoding: "utf8", timeout: 400_000 },
  );
  const report = JSON.parse(
    readFileSync(join(scratch, "out", "report.json"), "utf8"),
  ) as GradeReport;
  expect(report.integrity.trusted, grade.stderr).toBe(true);
  expect(report.totals.exercises).toBeGreaterThan(0);
  expect(report.totals.earned).toBe(0);
}, 450_000);
