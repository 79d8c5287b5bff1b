/**
 * Grading in a real classroom: GitHub Classroom's reporter reads the kit's results with partial
 * credit, targets anywhere on disk grade against the instructor's kit, and a data file the kit
 * lacks is the kit's error, never the learner's failure. Grades only a few exercises, to stay
 * fast; the roster, the template and Gradescope have their own files.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
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
import { afterAll, describe, expect, test } from "vitest";
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { importsOf } from "#kit/borrowing.ts";
import { buildManifest } from "#kit/manifest.ts";
import { courseFolder, repoRoot } from "#kit/paths.ts";
import { classroomFields, toClassroom } from "#kit/report/classroom.ts";
import type { GradeReport } from "#kit/report/model.ts";
import { gradeExercise } from "#kit/supervise.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-classroom-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A manifest of the files as they are now, so that colleagues' edits today do not untrust a run. */
const freshManifest = join(scratch, "manifest.json");
writeFileSync(freshManifest, JSON.stringify(buildManifest()));

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete env[key];
  for (const key of ["GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_OUTPUT", "GRADLINGS_GRADE_SEED"])
    if (!(key in extra)) delete env[key];
  return env;
}

let runs = 0;
function grade(args: readonly string[], env: Record<string, string> = {}) {
  const out = join(scratch, `out-${++runs}`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "cli/grade.ts", ...args, "--out", out, "--manifest", freshManifest],
    { cwd: repoRoot, env: childEnv(env), encoding: "utf8", timeout: 300_000 },
  );
  const path = join(out, "report.json");
  if (!existsSync(path))
    throw new Error(`no report.json; exit ${result.status}; stderr:\n${result.stderr}`);
  return {
    status: result.status,
    stderr: result.stderr,
    out,
    report: JSON.parse(readFileSync(path, "utf8")) as GradeReport,
  };
}

/** A folder laid out like exercises/: each exercise's solution, or the files given. */
function target(
  folder: string,
  files: ReadonlyMap<Exercise, "solution" | "stub" | string>,
): string {
  for (const [exercise, what] of files) {
    const from = what === "stub" ? "exercises" : "solutions";
    cpSync(join(repoRoot, from, exercise.slug), join(folder, exercise.slug), { recursive: true });
    if (what !== "solution" && what !== "stub")
      cpSync(what, join(folder, exercise.slug, exercise.files[0]!));
  }
  return folder;
}

/** The first mutant folder of an exercise (the solution with one known mistake). */
function aMutant(exercise: Exercise): string {
  const mutants = join(courseFolder(exercise), "mutants");
  const name = readdirSync(mutants, { withFileTypes: true }).find((d) => d.isDirectory())!.name;
  return join(mutants, name, exercise.files[0]!);
}

// ---------------------------------------------------------------------------------------------
// GitHub Classroom's grading reporter, as its source (classroom-resources/autograding-grading-
// reporter: src/main.js, src/notify-classroom.js, src/helpers/test-helpers.js) reads results:
// the `runners` input split on commas; for each runner, the environment variable
// `<RUNNER, trimmed, in capitals>_RESULTS`, base64-decoded and parsed as JSON; the Classroom
// total is the sum of `max_score` over runners that have one, and of every test's `score` in
// them; its table scores a runner as (tests whose status is "pass" / tests) × max_score; and a
// runner whose `status` is "fail" or "error" makes the step fail.

interface ReporterView {
  readonly runners: { name: string; score: number; maxScore: number }[];
  readonly totalPoints: number;
  readonly maxPoints: number;
  readonly failed: boolean;
}

function readAsTheReporter(runnersInput: string, env: Record<string, string>): ReporterView {
  const runners: ReporterView["runners"] = [];
  let totalPoints = 0;
  let maxPoints = 0;
  let failed = false;
  for (const runner of runnersInput.split(",")) {
    const encoded = env[`${runner.trim().toUpperCase()}_RESULTS`];
    expect(encoded, runner).toBeTypeOf("string");
    const results = JSON.parse(Buffer.from(encoded!, "base64").toString("utf-8")) as Record<
      string,
      unknown
    >;
    for (const field of classroomFields.result) expect(results, runner).toHaveProperty(field);
    expect(classroomFields.status).toContain(results["status"]);
    expect(typeof results["max_score"]).toBe("number");
    const tests = results["tests"] as Record<string, unknown>[];
    expect(Array.isArray(tests) && tests.length > 0).toBe(true);
    for (const t of tests) {
      for (const field of classroomFields.test) expect(t, runner).toHaveProperty(field);
      expect(typeof t["name"]).toBe("string");
      expect(classroomFields.status).toContain(t["status"]);
      expect(typeof t["score"]).toBe("number");
      expect(typeof t["message"]).toBe("string");
      expect(typeof t["test_code"]).toBe("string");
      // Printed as "- line N" unless it is exactly 0.
      expect(t["line_no"]).toBe(0);
    }
    const maxScore = (results["max_score"] as number) || 0;
    const passed = tests.filter((t) => t["status"] === "pass").length;
    runners.push({ name: runner.trim(), score: (passed / tests.length) * maxScore, maxScore });
    if (results["max_score"]) {
      maxPoints += results["max_score"] as number;
      for (const t of tests) totalPoints += t["score"] as number;
    }
    if (results["status"] === "fail" || results["status"] === "error") failed = true;
  }
  return { runners, totalPoints, maxPoints, failed };
}

/** NAME=value lines, as GitHub Actions reads $GITHUB_ENV and $GITHUB_OUTPUT. */
function readKeyValues(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

describe("GitHub Classroom", () => {
  const [first, second, third] = curriculum as [Exercise, Exercise, Exercise];

  test("the reporter reads each exercise's points, partial credit included, and the total", () => {
    const folder = target(
      join(scratch, "classroom-target"),
      new Map<Exercise, string>([
        [first, aMutant(first)],
        [second, "solution"],
        [third, "stub"],
      ]),
    );
    const githubEnv = join(scratch, "github-env");
    const githubOutput = join(scratch, "github-output");
    writeFileSync(githubEnv, "EARLIER=kept\n");
    writeFileSync(githubOutput, "");
    const run = grade(["1", "2", "3", "--target", folder, "--format", "json,classroom"], {
      GITHUB_ENV: githubEnv,
      GITHUB_OUTPUT: githubOutput,
    });
    const [mutant, solved, stub] = run.report.exercises as [
      GradeReport["exercises"][0],
      GradeReport["exercises"][0],
      GradeReport["exercises"][0],
    ];
    // The mutant earns some of its points but not all: partial credit to carry.
    expect(mutant.earned).toBeGreaterThan(0);
    expect(mutant.earned).toBeLessThan(mutant.points);
    expect(solved.earned).toBe(solved.points);
    expect(stub.earned).toBe(0);

    const env = readKeyValues(githubEnv);
    expect(env["EARLIER"]).toBe("kept");
    const runnersInput = readKeyValues(githubOutput)["runners"]!;
    for (const id of runnersInput.split(",")) expect(id).toMatch(classroomFields.runnerId);
    const view = readAsTheReporter(runnersInput, env);
    expect(view.runners.map((r) => [r.score, r.maxScore])).toEqual(
      run.report.exercises.map((e) => [e.earned, e.points]),
    );
    expect(view.totalPoints).toBe(run.report.totals.earned);
    expect(view.maxPoints).toBe(run.report.totals.points);
    expect(view.failed).toBe(true);

    // classroom.json holds the same results, for a workflow that reads a file instead.
    const file = JSON.parse(readFileSync(join(run.out, "classroom.json"), "utf8")) as {
      runners: string;
      results: Record<string, unknown>;
    };
    expect(file.runners).toBe(runnersInput);
    for (const id of runnersInput.split(","))
      expect(Buffer.from(JSON.stringify(file.results[id])).toString("base64")).toBe(
        env[`${id.toUpperCase()}_RESULTS`],
      );
  });

  test("a full score is a passing step; untrusted graders add a failing runner worth nothing", () => {
    const report = grade(["1", "--target", "solutions", "--format", "json"]).report;
    const passing = toClassroom(report);
    const env = Object.fromEntries(
      passing.map((r) => [
        `${r.id.toUpperCase()}_RESULTS`,
        Buffer.from(JSON.stringify(r.result)).toString("base64"),
      ]),
    );
    const view = readAsTheReporter(passing.map((r) => r.id).join(","), env);
    expect(view.failed).toBe(false);
    expect(view.totalPoints).toBe(view.maxPoints);

    const untrusted = toClassroom({
      ...report,
      integrity: { ...report.integrity, trusted: false, message: "Modified: not trusted." },
      passed: false,
    });
    const last = untrusted.at(-1)!;
    expect(last.result.max_score).toBe(0);
    expect(last.result.status).toBe("fail");
    const untrustedEnv = Object.fromEntries(
      untrusted.map((r) => [
        `${r.id.toUpperCase()}_RESULTS`,
        Buffer.from(JSON.stringify(r.result)).toString("base64"),
      ]),
    );
    const untrustedView = readAsTheReporter(untrusted.map((r) => r.id).join(","), untrustedEnv);
    expect(untrustedView.failed).toBe(true);
    expect(untrustedView.totalPoints).toBe(view.totalPoints);
  });
});

describe("a target anywhere on disk", () => {
  /** Exercises whose solution imports the kit's modules at run time (not only their types). */
  const importing = curriculum.filter((exercise) =>
    exercise.files.some((file) =>
      importsOf(readFileSync(join(repoRoot, "solutions", exercise.slug, file), "utf8")).some(
        (site) => !site.typeOnly && site.specifier.startsWith("#reference/"),
      ),
    ),
  );

  test("correct files that import #reference/... get full marks from the instructor's kit", () => {
    expect(importing.length).toBeGreaterThan(0);
    // A learner's checkout: its own package.json maps #reference/ somewhere else entirely (and
    // says CommonJS); grading must not care.
    const checkout = join(scratch, "somewhere", "alice-checkout");
    mkdirSync(checkout, { recursive: true });
    writeFileSync(
      join(checkout, "package.json"),
      JSON.stringify({ type: "commonjs", imports: { "#reference/*": "./not-the-kit/*" } }),
    );
    const folder = target(
      join(checkout, "exercises"),
      new Map(importing.map((e) => [e, "solution"] as const)),
    );
    const run = grade([...importing.map((e) => String(e.number)), "--target", folder]);
    for (const e of run.report.exercises)
      expect(e.status, `${e.slug}: ${e.message}`).toBe("passed");
    expect(run.report.totals.earned).toBe(run.report.totals.points);
    expect(run.status).toBe(0);
  });
});

describe("a data file the kit lacks", () => {
  const needsNames = curriculum.filter((e) => e.data?.includes("names.txt"));
  const missing = join(scratch, "no-such-names.txt");

  test("every grader that reads names.txt declares it", () => {
    for (const exercise of curriculum) {
      const grader = readFileSync(join(courseFolder(exercise), "grader.ts"), "utf8");
      const reads = /realNames|loadWords|ensureNames|names\.txt/.test(grader);
      expect(exercise.data?.includes("names.txt") ?? false, exercise.slug).toBe(reads);
    }
  });

  test("is an error of the kit with the instructor's fix, never the learner's failure", () => {
    const exercise = needsNames[0]!;
    const run = grade([String(exercise.number), "--target", "solutions"], {
      GRADLINGS_NAMES: missing,
    });
    const [report] = run.report.exercises;
    expect(report!.status).toBe("error");
    expect(report!.fault).toBe("kit");
    expect(report!.message).toMatch(/nothing here is wrong with your code/);
    expect(report!.message).toMatch(/instructor's kit needs data\/names\.txt/);
    expect(report!.message).not.toMatch(/by hand/);
  });

  test("a check that finds it missing while it runs says the same", async () => {
    // Past the grade command's own check: the grader itself meets the missing file.
    const exercise = needsNames.find((e) => e.slug === "14-split") ?? needsNames[0]!;
    const saved = process.env["GRADLINGS_NAMES"];
    process.env["GRADLINGS_NAMES"] = missing;
    try {
      const run = await gradeExercise(exercise, { target: "solutions" });
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
  });
});
