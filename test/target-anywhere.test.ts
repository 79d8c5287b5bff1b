/**
 * `npm run grade -- --target FOLDER` with the folder anywhere on disk: a learner's correct
 * files that import the kit's library through package imports (`#reference/...`) earn full
 * marks, as they do inside the kit. The folder has no package.json of its own, as a checkout
 * of the learner's exercises copied elsewhere would not.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { buildManifest } from "#kit/manifest.ts";
import { repoRoot } from "#kit/paths.ts";
import type { GradeReport } from "#kit/report/model.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-target-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Exercises whose solution reaches the kit through a package import: the case that broke. */
const importing = curriculum
  .filter((exercise) =>
    exercise.files.some((file) =>
      /from\s+["']#/.test(readFileSync(join(repoRoot, "solutions", exercise.slug, file), "utf8")),
    ),
  )
  .slice(0, 3);

test("a target folder outside the kit grades correct files that import #reference to full marks", () => {
  expect(relative(repoRoot, scratch).startsWith("..")).toBe(true);
  expect(importing.length).toBeGreaterThan(0);
  const target = join(scratch, "learner");
  for (const exercise of importing)
    cpSync(join(repoRoot, "solutions", exercise.slug), join(target, exercise.slug), {
      recursive: true,
    });
  const manifest = join(scratch, "manifest.json");
  writeFileSync(manifest, JSON.stringify(buildManifest()));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete env[key];
  delete env["GRADLINGS_GRADE_SEED"];
  const out = join(scratch, "out");
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "cli/grade.ts",
      ...importing.map((e) => String(e.number)),
      "--target",
      target,
      "--out",
      out,
      "--manifest",
      manifest,
    ],
    { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 },
  );
  const reportPath = join(out, "report.json");
  if (!existsSync(reportPath)) throw new Error(`no report; exit ${run.status}: ${run.stderr}`);
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as GradeReport;
  const messages = report.exercises.map((e) => `${e.slug}: ${e.status} ${e.message}`).join("\n");
  expect(
    report.exercises.map((e) => e.status),
    messages,
  ).toEqual(importing.map(() => "passed"));
  expect(report.exercises.every((e) => e.earned === e.points)).toBe(true);
  expect(run.status).toBe(0);
}, 150_000);
