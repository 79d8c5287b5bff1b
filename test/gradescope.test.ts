/**
 * Gradescope end to end, offline: the zip `npm run classroom -- gradescope` makes is unpacked
 * as Gradescope lays it out (/autograder/source, submission, results), setup.sh runs, then
 * run_autograder grades a submission and writes results.json, which is checked against
 * Gradescope's fields. names.txt travels in the zip; without it, the exercises that need it are
 * errors of the kit. Two submissions' results merge into one gradebook.
 *
 * Stand-ins for what needs the network: the kit's node_modules is linked where `npm ci` would
 * install it, and its built WebAssembly kernels copied where `prepare` would build them.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { Gradebook } from "#cli/lib/gradebook.ts";
import { readZip } from "#cli/lib/zip.ts";
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { courseFolder, repoRoot } from "#kit/paths.ts";
import { gradescopeFields } from "#kit/report/gradescope.ts";
import { namesSha256, sha256 } from "#reference/makemore/data.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-gradescope-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A local names.txt, as CI provides it: the kit's data/ or GRADLINGS_NAMES. */
const localNames = [process.env["GRADLINGS_NAMES"], join(repoRoot, "data", "names.txt")].find(
  (path): path is string =>
    path !== undefined &&
    path !== "" &&
    existsSync(path) &&
    sha256(readFileSync(path)) === namesSha256,
);

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...process.env,
    // Nothing may come from the network: a download would fail at once.
    GRADLINGS_NAMES_URL: "http://127.0.0.1:9/names.txt",
    ...extra,
  };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete out[key];
  for (const key of ["GRADLINGS_NAMES", "GRADLINGS_GRADE_SEED", "GRADLINGS_TARGET", "INIT_CWD"])
    if (!(key in extra)) delete out[key];
  return out;
}

const [first, second] = curriculum as [Exercise, Exercise];
const needsNames = curriculum.find((e) => e.data?.includes("names.txt"))!;

/** A learner's repository: stubs, with the first exercise solved and a mistake in the second. */
function submission(folder: string): void {
  cpSync(join(repoRoot, "exercises"), join(folder, "exercises"), { recursive: true });
  for (const exercise of [first, needsNames])
    cpSync(join(repoRoot, "solutions", exercise.slug), join(folder, "exercises", exercise.slug), {
      recursive: true,
    });
  const mutants = join(courseFolder(second), "mutants");
  const mutant = spawnSync("ls", [mutants], { encoding: "utf8" })
    .stdout.split("\n")
    .find((name) => name !== "" && !name.endsWith(".ts"))!;
  cpSync(join(mutants, mutant), join(folder, "exercises", second.slug), { recursive: true });
}

describe.skipIf(localNames === undefined)("Gradescope, offline", () => {
  const zip = join(scratch, "autograder.zip");
  let entries: ReturnType<typeof readZip> = [];

  test("the zip carries the kit, names.txt and the two scripts, and no solution", () => {
    const made = spawnSync(
      process.execPath,
      ["--import", "tsx", "cli/classroom.ts", "gradescope", zip],
      { cwd: repoRoot, env: env({ GRADLINGS_NAMES: localNames! }), encoding: "utf8" },
    );
    expect(made.status, made.stderr).toBe(0);
    entries = readZip(readFileSync(zip));
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get("setup.sh")?.mode).toBe(0o755);
    expect(byName.get("run_autograder")?.mode).toBe(0o755);
    expect(sha256(byName.get("data/names.txt")!.data)).toBe(namesSha256);
    for (const path of [
      "package.json",
      "package-lock.json",
      "course/manifest.json",
      "cli/grade.ts",
    ])
      expect(byName.has(path), path).toBe(true);
    for (const exercise of curriculum)
      expect(byName.has(`course/${exercise.track}/${exercise.id}/grader.ts`)).toBe(true);
    for (const { name } of entries) {
      expect(name).not.toMatch(/^(solutions|test)\//);
      expect(name).not.toMatch(/\/(mutants|alternatives)\//);
      expect(name).not.toMatch(/\.test\.ts$/);
    }
  });

  /** /autograder as Gradescope lays it out, from the zip. */
  function autograder(name: string): string {
    const root = join(scratch, name);
    for (const entry of entries) {
      const path = join(root, "source", entry.name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, entry.data);
      chmodSync(path, entry.mode ?? 0o644);
    }
    cpSync(join(root, "source", "run_autograder"), join(root, "run_autograder"));
    mkdirSync(join(root, "results"), { recursive: true });
    // What `npm ci` and `prepare` would have made, without the network.
    symlinkSync(join(repoRoot, "node_modules"), join(root, "source", "node_modules"));
    if (existsSync(join(repoRoot, "build")))
      cpSync(join(repoRoot, "build"), join(root, "source", "build"), { recursive: true });
    return root;
  }

  function setup(root: string) {
    return spawnSync("bash", [join(root, "source", "setup.sh")], {
      cwd: join(root, "source"),
      env: env({ AUTOGRADER_ROOT: root }),
      encoding: "utf8",
      timeout: 300_000,
    });
  }

  function runAutograder(root: string, learner: string) {
    submission(join(root, "submission"));
    writeFileSync(
      join(root, "submission_metadata.json"),
      JSON.stringify({ id: 1, users: [{ name: learner, email: "", id: 1 }] }),
    );
    const result = spawnSync(join(root, "run_autograder"), [], {
      cwd: root,
      env: env({ AUTOGRADER_ROOT: root }),
      encoding: "utf8",
      timeout: 300_000,
    });
    const path = join(root, "results", "results.json");
    expect(existsSync(path), `${result.stdout}\n${result.stderr}`).toBe(true);
    return { result, results: JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown> };
  }

  function expectGradescopeFields(results: Record<string, unknown>): void {
    for (const key of Object.keys(results))
      expect(gradescopeFields.top as readonly string[]).toContain(key);
    expect(typeof results["score"]).toBe("number");
    expect(typeof results["execution_time"]).toBe("number");
    const tests = results["tests"] as Record<string, unknown>[];
    let sum = 0;
    for (const t of tests) {
      for (const key of Object.keys(t))
        expect(gradescopeFields.test as readonly string[]).toContain(key);
      expect(typeof t["name"]).toBe("string");
      expect(typeof t["max_score"]).toBe("number");
      expect(gradescopeFields.status as readonly string[]).toContain(t["status"]);
      expect(gradescopeFields.visibility as readonly string[]).toContain(t["visibility"]);
      sum += t["score"] as number;
    }
    expect(results["score"]).toBe(sum);
  }

  interface Summary {
    slug: string;
    status: string;
    earned: number;
    points: number;
    fault?: string;
    message: string;
  }
  const exercisesOf = (results: Record<string, unknown>) =>
    (results["extra_data"] as { exercises: Summary[] }).exercises;

  test("setup.sh checks names.txt and the graders; run_autograder writes results.json", () => {
    const root = autograder("ada");
    const prepared = setup(root);
    expect(prepared.status, `${prepared.stdout}\n${prepared.stderr}`).toBe(0);
    expect(prepared.stdout).toMatch(/data\/names\.txt: OK/);
    expect(prepared.stdout).toMatch(/manifest\.json is current/);

    const { results } = runAutograder(root, "Ada Lovelace");
    expectGradescopeFields(results);
    const extra = results["extra_data"] as {
      provenance: { learner?: string };
      integrity: { trusted: boolean };
    };
    expect(extra.provenance.learner).toBe("Ada Lovelace");
    expect(extra.integrity.trusted).toBe(true);
    const byslug = new Map(exercisesOf(results).map((e) => [e.slug, e]));
    expect(byslug.get(first.slug)!.status).toBe("passed");
    // Trained on the names.txt that came in the zip.
    expect(byslug.get(needsNames.slug)!.status, byslug.get(needsNames.slug)!.message).toBe(
      "passed",
    );
    const mistake = byslug.get(second.slug)!;
    expect(mistake.earned).toBeLessThan(mistake.points);
    expect(results["score"]).toBe(exercisesOf(results).reduce((sum, e) => sum + e.earned, 0));
  });

  test("without names.txt, setup.sh refuses, and grading makes it the kit's error", () => {
    const root = autograder("grace");
    rmSync(join(root, "source", "data", "names.txt"));
    const prepared = setup(root);
    expect(prepared.status).not.toBe(0);
    expect(prepared.stderr).toMatch(/data\/names\.txt is not in the zip/);

    const { results } = runAutograder(root, "Grace Hopper");
    expectGradescopeFields(results);
    const missing = exercisesOf(results).find((e) => e.slug === needsNames.slug)!;
    expect(missing.status).toBe("error");
    expect(missing.fault).toBe("kit");
    expect(missing.message).toMatch(/nothing here is wrong with your code/);
    const tests = results["tests"] as { name: string; output: string; status: string }[];
    const shown = tests.filter((t) =>
      t.name.startsWith(String(needsNames.number).padStart(2, "0")),
    );
    expect(shown.every((t) => /instructor's kit needs data\/names\.txt/.test(t.output))).toBe(true);
  });

  test("results.json files merge into one gradebook, one learner each", () => {
    const out = join(scratch, "merged");
    const merged = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "cli/classroom.ts",
        "merge",
        "--out",
        out,
        join(scratch, "ada", "results"),
        join(scratch, "grace", "results"),
      ],
      { cwd: repoRoot, env: env(), encoding: "utf8" },
    );
    expect(merged.status, merged.stderr).toBe(0);
    const gradebook = JSON.parse(readFileSync(join(out, "gradebook.json"), "utf8")) as Gradebook;
    expect(gradebook.learners.map((l) => l.learner)).toEqual(["Ada Lovelace", "Grace Hopper"]);
    for (const [learner, folder] of [
      ["Ada Lovelace", "ada"],
      ["Grace Hopper", "grace"],
    ] as const) {
      const results = JSON.parse(
        readFileSync(join(scratch, folder, "results", "results.json"), "utf8"),
      ) as { score: number };
      expect(gradebook.learners.find((l) => l.learner === learner)!.earned).toBe(results.score);
    }
    expect(gradebook.rows).toHaveLength(2 * curriculum.length);
    expect(
      gradebook.rows.find((r) => r.learner === "Grace Hopper" && r.exercise === needsNames.slug)!
        .fault,
    ).toBe("kit");
  });
});

test("Gradescope's simulation has what it needs", () => {
  if (localNames === undefined)
    console.warn(
      "Skipped Gradescope, offline: no names.txt in data/ or GRADLINGS_NAMES (CI provides data/names.txt; `npm run data` fetches it).",
    );
  expect(true).toBe(true);
});
