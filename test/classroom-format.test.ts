/**
 * GitHub Classroom's autograding reporter reads base64 JSON from a step output named `result`:
 * `status`, `max_score`, and `tests` with `name`, `status`, `score`, `message`. Graded with
 * partial work (one solution, one stub), the output decodes to exactly those fields, and the
 * reporter's own arithmetic (the sum of the tests' scores over max_score) gives the kit's points.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { buildManifest } from "#kit/manifest.ts";
import { repoRoot } from "#kit/paths.ts";
import { type ClassroomResult, classroomFields } from "#kit/report/classroom.ts";
import type { GradeReport } from "#kit/report/model.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-classroom-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("the classroom format is what the reporter reads, with each exercise's points", () => {
  const [solved, stub] = curriculum as [(typeof curriculum)[0], (typeof curriculum)[0]];
  const target = join(scratch, "learner");
  cpSync(join(repoRoot, "solutions", solved.slug), join(target, solved.slug), { recursive: true });
  cpSync(join(repoRoot, "exercises", stub.slug), join(target, stub.slug), { recursive: true });
  const manifest = join(scratch, "manifest.json");
  writeFileSync(manifest, JSON.stringify(buildManifest()));
  const stepOutput = join(scratch, "github-output");
  writeFileSync(stepOutput, "earlier=1\n");
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_OUTPUT: stepOutput };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete env[key];
  delete env["GITHUB_STEP_SUMMARY"];
  const out = join(scratch, "out");
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "cli/grade.ts",
      String(solved.number),
      String(stub.number),
      "--target",
      target,
      "--format",
      "json,classroom",
      "--out",
      out,
      "--manifest",
      manifest,
    ],
    { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 },
  );
  if (!existsSync(join(out, "report.json"))) throw new Error(`no report: ${run.stderr}`);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as GradeReport;

  const lines = readFileSync(stepOutput, "utf8").split("\n");
  expect(lines[0]).toBe("earlier=1");
  const encoded = lines.find((l) => l.startsWith("result="))?.slice("result=".length);
  expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
  const result = JSON.parse(Buffer.from(encoded!, "base64").toString("utf8")) as ClassroomResult;
  expect(result).toEqual(JSON.parse(readFileSync(join(out, "classroom.json"), "utf8")));

  for (const key of Object.keys(result))
    expect(classroomFields.top as readonly string[]).toContain(key);
  expect(classroomFields.status as readonly string[]).toContain(result.status);
  expect(result.status).toBe("fail");
  expect(result.max_score).toBe(solved.points + stub.points);
  expect(result.tests).toHaveLength(2);
  for (const t of result.tests) {
    for (const key of Object.keys(t))
      expect(classroomFields.test as readonly string[]).toContain(key);
    expect(typeof t.name).toBe("string");
    expect(typeof t.score).toBe("number");
    expect(typeof t.message).toBe("string");
    expect(classroomFields.status as readonly string[]).toContain(t.status);
  }
  expect(result.tests.map((t) => t.status)).toEqual(["pass", "fail"]);
  // The reporter's sum: partial work shows its points, not zero.
  const totalPoints = result.tests.reduce((sum, t) => sum + t.score, 0);
  expect(totalPoints).toBe(report.totals.earned);
  expect(totalPoints).toBe(solved.points);
}, 150_000);
