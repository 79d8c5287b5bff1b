/**
 * CONTRIBUTING.md's "Add an exercise" starts with `npm run new-exercise -- <id>`: on a copy of the
 * kit, the scaffold yields an exercise whose stub fails, whose solution passes and whose mutant
 * is caught with its message, and it touches no file but the ones it names.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";

const copy = mkdtempSync(join(tmpdir(), "gradlings-scaffold-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function inCopy(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const clean: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete clean[key];
  return spawnSync(process.execPath, ["--import", "tsx", ...args], {
    cwd: copy,
    env: clean,
    encoding: "utf8",
  });
}

test("new-exercise scaffolds a working exercise at the end of the course", () => {
  for (const path of [
    "cli",
    "course",
    "kit",
    "reference",
    "exercises",
    "solutions",
    "package.json",
    "tsconfig.json",
  ])
    cpSync(join(repoRoot, path), join(copy, path), { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: copy });
  execFileSync("git", ["add", "-A"], { cwd: copy });
  execFileSync(
    "git",
    ["-c", "user.name=kit", "-c", "user.email=kit@localhost", "commit", "-qm", "kit"],
    {
      cwd: copy,
    },
  );
  symlinkSync(join(repoRoot, "node_modules"), join(copy, "node_modules"));
  writeFileSync(join(copy, ".git", "info", "exclude"), "node_modules\n.gradlings\nout\nbuild\n");

  const made = inCopy(["cli/new-exercise.ts", "scale-vectors", "--title", "Scaling"]);
  expect(made.status, made.stderr).toBe(0);
  const number = Math.max(...curriculum.map((e) => e.number)) + 1;
  const slug = `${String(number).padStart(2, "0")}-scale-vectors`;
  const track = curriculum.at(-1)!.track;
  const changed = execFileSync("git", ["status", "--porcelain", "-uall"], {
    cwd: copy,
    encoding: "utf8",
  })
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.slice(3))
    .sort();
  expect(changed).toEqual(
    [
      "course/curriculum.ts",
      `course/${track}/scale-vectors/grader.ts`,
      `course/${track}/scale-vectors/mutants/index.ts`,
      `course/${track}/scale-vectors/mutants/mutated-args/scale-vectors.ts`,
      `exercises/${slug}/README.md`,
      `exercises/${slug}/scale-vectors.ts`,
      `solutions/${slug}/scale-vectors.ts`,
    ].sort(),
  );
  expect(readFileSync(join(copy, "course", "curriculum.ts"), "utf8")).toContain(
    `id: "scale-vectors"`,
  );

  // The scaffold's own files (and what they import) type-check: a project of the project's
  // settings that includes only them, so the check costs seconds, not the whole kit.
  writeFileSync(
    join(copy, "tsconfig.scaffold.json"),
    JSON.stringify({
      extends: "./tsconfig.json",
      // mistakes.ts fills in the kit's mistake names (a module augmentation, never imported).
      include: ["course/mistakes.ts", ...changed.filter((f) => f.endsWith(".ts"))],
    }),
  );
  const typecheck = spawnSync(
    process.execPath,
    [
      join(repoRoot, "node_modules", "typescript", "bin", "tsc"),
      "--noEmit",
      "-p",
      "tsconfig.scaffold.json",
    ],
    { cwd: copy, encoding: "utf8" },
  );
  expect(typecheck.status, `${typecheck.stdout}${typecheck.stderr}`).toBe(0);

  const solution = inCopy(["cli/grade.ts", String(number), "--target", "solutions"]);
  expect(solution.stdout).toMatch(/Total: 2\/2 points/);
  const stub = inCopy(["cli/grade.ts", String(number)]);
  expect(stub.stdout).toMatch(/Total: 0\/2 points/);
  expect(stub.stdout).toContain("Not implemented yet");

  const mutant = inCopy([
    "--input-type=module",
    "-e",
    `const { curriculum } = await import("#course/curriculum.ts");
     const { listMutants, materialiseVariant } = await import("#kit/mutants.ts");
     const { gradeExercise } = await import("#kit/supervise.ts");
     const exercise = curriculum.find((e) => e.id === "scale-vectors");
     const [mutant] = await listMutants(exercise);
     const result = await gradeExercise(exercise, { target: materialiseVariant(mutant) });
     const check = result.checks.find((c) => c.id === mutant.check);
     console.log(JSON.stringify({ status: check.status, message: check.message, mistake: check.mistake }));`,
  ]);
  expect(mutant.status, mutant.stderr).toBe(0);
  const verdict = JSON.parse(mutant.stdout.trim().split("\n").at(-1)!) as Record<string, string>;
  expect(verdict["status"]).toBe("failed");
  expect(verdict["message"]).toContain("changed the array it was given");
  expect(verdict["mistake"]).toBe("mutated-args");
});
