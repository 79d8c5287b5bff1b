/**
 * `npm run grade -- --roster`: a class graded on the instructor's machine. Fifty learners (stubs,
 * solutions, known mistakes, and three who loop, crash and flood) give the same points as each
 * graded alone; a roster file names learners and survives a missing checkout; and the GitHub
 * Actions matrix recipe (docs/examples/roster-matrix.yml), run as written, merges its shards
 * into the gradebook one machine makes. Two cheap exercises keep it fast.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type Gradebook, gradebookCsv } from "#cli/lib/gradebook.ts";
import { writeSampleRoster } from "#cli/lib/sample-roster.ts";
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { gradeTargets } from "#kit/grading.ts";
import { buildManifest } from "#kit/manifest.ts";
import { graderFile, repoRoot } from "#kit/paths.ts";
import type { GradeReport } from "#kit/report/model.ts";
import { defaultSeed } from "#kit/seed.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-roster-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const freshManifest = join(scratch, "manifest.json");
writeFileSync(freshManifest, JSON.stringify(buildManifest()));

const exercises = curriculum.slice(0, 2) as Exercise[];
const numbers = exercises.map((e) => String(e.number));
const limit = "3";

/** Runs a kit command as npm would from `cwd` (INIT_CWD), with the fresh manifest. */
function run(script: "grade" | "classroom", args: readonly string[], cwd = scratch) {
  const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: cwd };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete env[key];
  delete env["GRADLINGS_GRADE_SEED"];
  const extra = script === "grade" ? ["--manifest", freshManifest] : [];
  return spawnSync(process.execPath, ["--import", "tsx", `cli/${script}.ts`, ...args, ...extra], {
    cwd: repoRoot,
    env,
    encoding: "utf8",
    timeout: 600_000,
  });
}

const readGradebook = (folder: string) =>
  JSON.parse(readFileSync(join(folder, "gradebook.json"), "utf8")) as Gradebook;

/** What must agree between two gradebooks of the same learners: everything but timings and paths. */
const comparable = (g: Gradebook) => ({
  exercises: g.exercises,
  learners: g.learners.map(({ learner, earned, points, passed, exercises }) => ({
    learner,
    earned,
    points,
    passed,
    exercises,
  })),
  rows: g.rows,
});

describe("a roster of fifty", () => {
  const folder = join(scratch, "class");
  const learners = writeSampleRoster(folder, { learners: 50, exercises, seed: 7 });
  const out = join(scratch, "roster-out");

  test("one gradebook whose points match grading each learner's folder alone", async () => {
    const started = performance.now();
    const result = run("grade", [
      "--roster",
      "class",
      ...numbers,
      "--time-limit",
      limit,
      "--out",
      out,
    ]);
    const seconds = (performance.now() - started) / 1000;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Graded 50 learners in .* a learner on average/);
    const gradebook = readGradebook(out);
    expect(gradebook.learners.map((l) => l.learner)).toEqual(learners.map((l) => l.name));
    expect(gradebook.rows).toHaveLength(50 * exercises.length);
    expect(gradebook.trusted).toBe(true);
    expect(gradebook.seed).toBe(defaultSeed);

    // Every learner's full report, and the CSV says what the JSON says.
    for (const learner of gradebook.learners) {
      const report = JSON.parse(readFileSync(join(out, learner.report!), "utf8")) as GradeReport;
      expect(report.provenance.learner).toBe(learner.learner);
      expect(report.totals.earned).toBe(learner.earned);
    }
    expect(readFileSync(join(out, "gradebook.csv"), "utf8")).toBe(gradebookCsv(gradebook));

    // The three who misbehave lose that exercise, and only that.
    const row = (name: string, exercise: Exercise) =>
      gradebook.rows.find((r) => r.learner === name && r.exercise === exercise.slug)!;
    const expected = { loop: "timeout", crash: "error", flood: "timeout" } as const;
    for (const learner of learners.filter((l) => l.misbehaves)) {
      expect(row(learner.name, exercises[0]!).status).toBe(expected[learner.misbehaves!]);
      expect(row(learner.name, exercises[0]!).earned).toBe(0);
    }

    // Each folder alone, in a pool of its own. Folders written from the same choices are the
    // same files byte for byte, graded with the same seed: one of each is graded alone, and
    // every learner's rows are held to it.
    const contentOf = (l: (typeof learners)[number]) =>
      JSON.stringify([l.choices, l.misbehaves ?? null]);
    const alone = new Map<string, readonly { earned: number; status: string }[]>();
    const queue = [...new Map(learners.map((l) => [contentOf(l), l])).values()];
    expect(queue.length).toBeGreaterThan(5);
    await Promise.all(
      [1, 2].map(async () => {
        for (let learner = queue.shift(); learner; learner = queue.shift()) {
          const [graded] = await gradeTargets(
            [{ root: join(folder, learner.name, "exercises"), exercises }],
            { seed: defaultSeed, jobs: 1, timeLimitSeconds: Number(limit) },
          );
          alone.set(contentOf(learner), graded!.exercises);
        }
      }),
    );
    const content = new Map(learners.map((l) => [l.name, contentOf(l)]));
    for (const learner of gradebook.learners) {
      const own = alone.get(content.get(learner.learner)!)!;
      expect(
        own.reduce((s, e) => s + e.earned, 0),
        learner.learner,
      ).toBe(learner.earned);
      exercises.forEach((exercise, i) => {
        const r = row(learner.learner, exercise);
        expect([r.earned, r.status], `${learner.learner} ${exercise.slug}`).toEqual([
          own[i]!.earned,
          own[i]!.status,
        ]);
      });
    }
    // Stubs, solutions and mistakes all there: the points are spread out.
    const totals = new Set(gradebook.learners.map((l) => l.earned));
    expect(totals.size).toBeGreaterThan(3);
    console.log(
      `roster of 50 × ${exercises.length} exercises: ${seconds.toFixed(1)} s, ${(seconds / 50).toFixed(2)} s a learner`,
    );
    // Fifty learners graded, then each distinct folder again alone, three of them to their
    // CPU limit: minutes on a shared 2-core machine.
  }, 600_000);
});

describe("a roster file", () => {
  test("names learners, reads paths from its folder, and survives a missing checkout", () => {
    const folder = join(scratch, "listed");
    const [alice, bob] = writeSampleRoster(join(folder, "checkouts"), {
      learners: 2,
      exercises,
      seed: 11,
    });
    // Bob's checkout is a copy of the kit in which he edited a grader: named, never used.
    const bobs = join(folder, "checkouts", bob!.name);
    for (const path of ["course", "kit", "reference", "cli/grade.ts", "package.json"])
      cpSync(join(repoRoot, path), join(bobs, path), { recursive: true });
    const grader = relative(repoRoot, graderFile(exercises[0]!));
    writeFileSync(join(bobs, grader), "// every check passes\n");
    const list = join(folder, "roster.txt");
    writeFileSync(
      list,
      [
        "# name<TAB>checkout",
        `Alice Liddell\tcheckouts/${alice!.name}`,
        `Bob\t${bobs}`,
        "",
        "Carol\tcheckouts/never-cloned",
      ].join("\n"),
    );
    const out = join(folder, "out");
    // Bob's sample learner loops: the short limit, not the exercise's own, ends it.
    const result = run("grade", [
      "--roster",
      list,
      ...numbers,
      "--time-limit",
      limit,
      "--out",
      out,
    ]);
    expect(result.status, result.stderr).toBe(0);
    const gradebook = readGradebook(out);
    expect(gradebook.learners.map((l) => l.learner)).toEqual(["Alice Liddell", "Bob", "Carol"]);
    const carol = gradebook.rows.filter((r) => r.learner === "Carol");
    expect(carol.map((r) => r.status)).toEqual(exercises.map(() => "error"));
    expect(carol[0]!.firstFailure).toMatch(/does not exist/);
    const bob_ = gradebook.learners.find((l) => l.learner === "Bob")!;
    expect(bob_.kitChanged).toContain(grader);
    expect(existsSync(join(out, bob_.report!))).toBe(true);
    // Minutes, not seconds, when the machine is shared.
  }, 300_000);

  test("a folder that is one learner's work is refused with the way out", () => {
    const result = run("grade", ["--roster", repoRoot, ...numbers]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/looks like one learner's work.*--target/);
  });
});

describe("the GitHub Actions matrix recipe", () => {
  test("its shards, graded and merged as the workflow says, give the one-machine gradebook", () => {
    const workflow = readFileSync(join(repoRoot, "docs", "examples", "roster-matrix.yml"), "utf8");
    const grade = /run: (npm run grade -- --roster .*)$/m.exec(workflow)![1]!;
    const merge = /run: (npm run classroom -- merge .*)$/m.exec(workflow)![1]!;
    const shards = /shard: \[([\d, ]+)\]/
      .exec(workflow)![1]!
      .split(",")
      .map((s) => s.trim());
    expect(shards.length).toBeGreaterThan(1);

    // The runner's checkout: learners/ cloned from the roster; here, a made-up class.
    const work = join(scratch, "matrix");
    writeSampleRoster(join(work, "learners"), { learners: 7, exercises, seed: 5 });
    const args = (command: string, prefix: string) =>
      command
        .slice(prefix.length)
        // GitHub's expressions, as the matrix fills them in.
        .replace(/\$\{\{ matrix\.shard \}\}/g, "SHARD")
        .replace(/\$\{\{ strategy\.job-total \}\}/g, String(shards.length))
        .trim()
        .split(/\s+/);
    const gradeArgs = args(grade, "npm run grade --");
    const outIndex = gradeArgs.indexOf("--out") + 1;
    const shardOut = gradeArgs[outIndex]!;

    for (const shard of shards) {
      const shardArgs = gradeArgs.map((a) => a.replace("SHARD", shard));
      const result = run("grade", [...shardArgs, ...numbers, "--time-limit", limit], work);
      expect(result.status, result.stderr).toBe(0);
      // upload-artifact / download-artifact: gradebooks/gradebook-<shard>/
      cpSync(join(work, shardOut), join(work, "gradebooks", `gradebook-${shard}`), {
        recursive: true,
      });
      rmSync(join(work, shardOut), { recursive: true });
    }
    const merged = run("classroom", args(merge, "npm run classroom --"), work);
    expect(merged.status, merged.stderr).toBe(0);
    const mergeOut = args(merge, "npm run classroom --")[2]!;

    const whole = run(
      "grade",
      ["--roster", "learners", ...numbers, "--time-limit", limit, "--out", "whole"],
      work,
    );
    expect(whole.status, whole.stderr).toBe(0);
    expect(comparable(readGradebook(join(work, mergeOut)))).toEqual(
      comparable(readGradebook(join(work, "whole"))),
    );
  }, 300_000);
});

mkdirSync(scratch, { recursive: true });
