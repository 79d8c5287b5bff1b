/**
 * A check that needs a data file the kit does not have is the kit's error, with the
 * instructor's fix, never the learner's failure: graded on the solutions with GRADLINGS_NAMES
 * pointing nowhere, an exercise that grades on names.txt ends in "error", naming names.txt,
 * whether the grade command finds the file missing before grading or the grader while it runs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { buildManifest } from "#kit/manifest.ts";
import { courseFolder, graderFile, repoRoot } from "#kit/paths.ts";
import type { GradeReport } from "#kit/report/model.ts";
import { gradeExercise } from "#kit/supervise.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-kit-failure-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const needsNames = curriculum.find((exercise) =>
  readFileSync(graderFile(exercise), "utf8").includes("#kit/names.ts"),
);

test("a missing names.txt is an error of the kit, with the fix, not the learner's failure", () => {
  if (!needsNames) throw new Error("no grader reads names.txt any more: retire this test");
  const manifest = join(scratch, "manifest.json");
  writeFileSync(manifest, JSON.stringify(buildManifest()));
  const env: NodeJS.ProcessEnv = { ...process.env, GRADLINGS_NAMES: join(scratch, "absent.txt") };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete env[key];
  const out = join(scratch, "out");
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "cli/grade.ts",
      String(needsNames.number),
      "--target",
      "solutions",
      "--out",
      out,
      "--manifest",
      manifest,
    ],
    { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 },
  );
  const reportPath = join(out, "report.json");
  if (!existsSync(reportPath)) throw new Error(`no report; exit ${run.status}: ${run.stderr}`);
  const [exercise] = (JSON.parse(readFileSync(reportPath, "utf8")) as GradeReport).exercises;
  expect(exercise?.status).toBe("error");
  expect(exercise?.message).toMatch(/names\.txt/);
  expect(exercise?.message).toMatch(/GRADLINGS_NAMES/);
  expect(exercise?.checks.some((c) => c.status === "error" && /names\.txt/.test(c.message))).toBe(
    true,
  );
  expect(exercise?.fault).toBe("kit");
  expect(exercise?.message).toMatch(/nothing here is wrong with your code/);
  expect(exercise?.message).toMatch(/instructor's kit needs data\/names\.txt/);
}, 150_000);

test("every grader that reads names.txt declares it, so the grade command checks for it first", () => {
  for (const exercise of curriculum) {
    const grader = readFileSync(join(courseFolder(exercise), "grader.ts"), "utf8");
    const reads = /realNames|loadWords|ensureNames|names\.txt/.test(grader);
    expect(exercise.data?.includes("names.txt") ?? false, exercise.slug).toBe(reads);
  }
});

test("a check that finds names.txt missing while it runs says the same", async () => {
  if (!needsNames) throw new Error("no grader reads names.txt any more: retire this test");
  // Past the grade command's own check: the grader itself meets the missing file.
  const saved = process.env["GRADLINGS_NAMES"];
  process.env["GRADLINGS_NAMES"] = join(scratch, "absent.txt");
  try {
    const run = await gradeExercise(needsNames, { target: "solutions" });
    expect(run.status).toBe("error");
    expect(run.fault).toBe("kit");
    const check = run.checks.find((c) => c.fault === "kit")!;
    expect(check.status).toBe("error");
    expect(run.message).toBe(check.message);
    expect(run.message).toMatch(/nothing here is wrong with your code/);
  } finally {
    if (saved === undefined) delete process.env["GRADLINGS_NAMES"];
    else process.env["GRADLINGS_NAMES"] = saved;
  }
}, 150_000);
