/**
 * One grading process grades several exercises of a learner in turn, and none of them can
 * cost another: a process that the learner's code changed (a patched built-in or kit class, a
 * timer left running) hands the next exercise to a fresh one; a hang or a crash in a process
 * that graded something before is graded again where nothing ran before; and the next
 * exercise never pays for the last one's hang or crash.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";
import {
  discardPrestarted,
  type GradeRun,
  gradeExercise,
  gradeMany,
  prestartGrading,
} from "#kit/supervise.ts";

const scratch = mkdtempSync(join(tmpdir(), "gradlings-supervise-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const [first, second] = curriculum as [Exercise, Exercise];
let targets = 0;

/** Solutions of the first two exercises, with code put before each one's file when given. */
function target(before: { first?: string; second?: string }): string {
  const folder = join(scratch, `target-${++targets}`);
  for (const [exercise, code] of [
    [first, before.first],
    [second, before.second],
  ] as const) {
    cpSync(join(repoRoot, "solutions", exercise.slug), join(folder, exercise.slug), {
      recursive: true,
    });
    if (code) {
      const file = join(folder, exercise.slug, exercise.files[0]!);
      writeFileSync(file, `${code}\n${readFileSync(file, "utf8")}`);
    }
  }
  return folder;
}

/** Both exercises in one pool of one process at a time, so reuse is possible. */
async function gradeBoth(folder: string, timeLimitSeconds = 20): Promise<[GradeRun, GradeRun]> {
  const runs = await gradeMany(
    [
      { exercise: first, target: folder },
      { exercise: second, target: folder },
    ],
    { jobs: 1, timeLimitSeconds },
  );
  // Run in the order given: equal limits keep the curriculum's order.
  const byslug = new Map(runs.map((r) => [r.slug, r]));
  return [byslug.get(first.slug)!, byslug.get(second.slug)!];
}

describe("a grading process grades the next exercise", () => {
  test("when the learner's code left nothing behind", async () => {
    const [a, b] = await gradeBoth(target({}));
    expect([a.status, b.status]).toEqual(["passed", "passed"]);
    expect(a.reused + b.reused).toBe(1);
    expect(a.pid).toBe(b.pid);
  });
});

describe("the tensor exercises share a process too", () => {
  // The tensor library binds its ops onto Tensor.prototype from modules that load after
  // tensor.ts, as each grader imports them: that is the kit's doing, not the learner's.
  test("a grader that loads more of the tensor library is not taken for a patch", async () => {
    const tensorExercises = curriculum.filter((e) => e.track === "makemore-1").slice(2, 5);
    expect(tensorExercises.length).toBe(3);
    const runs = await gradeMany(
      tensorExercises.map((exercise) => ({ exercise, target: "solutions" })),
      { jobs: 1, typecheck: false },
    );
    expect(runs.map((r) => r.status)).toEqual(tensorExercises.map(() => "passed"));
    expect(new Set(runs.map((r) => r.pid)).size).toBe(1);
    expect(runs.map((r) => r.reused).sort()).toEqual([0, 1, 2]);
  });

  test("while Tensor.prototype patched by the learner still sends the next to a fresh process", async () => {
    const [a, b] = curriculum.filter((e) => e.track === "makemore-1").slice(2, 4) as [
      Exercise,
      Exercise,
    ];
    const folder = join(scratch, `target-${++targets}`);
    for (const exercise of [a, b])
      cpSync(join(repoRoot, "solutions", exercise.slug), join(folder, exercise.slug), {
        recursive: true,
      });
    const file = join(folder, a.slug, a.files[0]!);
    writeFileSync(
      file,
      `import { Tensor } from "#reference/tensor/index.ts";
(Tensor.prototype as unknown as Record<string, unknown>)["slice"] = () => 0;
${readFileSync(file, "utf8")}`,
    );
    const runs = await gradeMany(
      [a, b].map((exercise) => ({ exercise, target: folder })),
      { jobs: 1, typecheck: false },
    );
    expect(new Set(runs.map((r) => r.pid)).size).toBe(2);
    expect(runs.every((r) => r.reused === 0)).toBe(true);
  });
});

describe("a fresh process grades the next exercise when the learner's code", () => {
  test.each([
    ["patched a built-in", "Array.prototype.at = function () { return 0; };"],
    [
      "patched a class of the kit",
      'import { Value } from "#reference/micrograd/engine.ts";\nValue.prototype.toString = () => "patched";',
    ],
    ["left a timer running", "setInterval(() => {}, 60_000);"],
    ["added a process listener", 'process.on("exit", () => {});'],
  ])("%s", async (_what, code) => {
    const folder = target({ first: code });
    const [a, b] = await gradeBoth(folder);
    expect(a.status, a.message).toBe("passed");
    expect(b.status, b.message).toBe("passed");
    expect(b.reused).toBe(0);
    expect(b.pid).not.toBe(a.pid);
  });
});

describe("a hang or a crash", () => {
  test("costs only its own exercise", async () => {
    for (const code of ["while (true) {}", 'process.kill(process.pid, "SIGKILL");']) {
      const [a, b] = await gradeBoth(target({ first: code }), 3);
      expect(["timeout", "error"]).toContain(a.status);
      expect(b.status, b.message).toBe("passed");
      expect(b.earned).toBe(b.points);
    }
  });

  test("in a process that graded another first is graded again in a fresh one", async () => {
    for (const [code, status] of [
      ["while (true) {}", "timeout"],
      ["process.exit(3);", "error"],
    ] as const) {
      const started = performance.now();
      const [a, b] = await gradeBoth(target({ second: code }), 2);
      expect(a.status).toBe("passed");
      // Its own doing after all: the fresh process says the same, and that verdict is kept.
      expect(b.status).toBe(status);
      expect(b.reused).toBe(0);
      expect(b.pid).not.toBe(a.pid);
      if (status === "timeout") expect(performance.now() - started).toBeGreaterThan(4000);
    }
  });
});

describe("a grading process started early (npm run exercise N)", () => {
  /** Alive, and not a zombie waiting to be reaped. */
  const isRunning = (pid: number) => {
    try {
      process.kill(pid, 0);
      return !readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.startsWith("Z");
    } catch {
      return false;
    }
  };

  test("grades the exercise it was started for, and no other", async () => {
    const folder = target({});
    const pid = prestartGrading(first, { target: folder, watchImports: true });
    const run = await gradeExercise(first, {
      target: folder,
      watchImports: true,
      typecheck: false,
    });
    expect(run.status).toBe("passed");
    expect(run.pid).toBe(pid);

    // Another seed is another grading: a fresh process grades it, and the early one ends.
    const unused = prestartGrading(first, { target: folder, watchImports: true });
    const other = await gradeExercise(first, {
      target: folder,
      seed: 7,
      watchImports: true,
      typecheck: false,
    });
    expect(other.status).toBe("passed");
    expect(other.pid).not.toBe(unused);
    // It reads its end of input once it has started, or is killed two seconds after.
    for (let waited = 0; waited < 5000 && isRunning(unused!); waited += 100)
      await new Promise((done) => setTimeout(done, 100));
    expect(isRunning(unused!)).toBe(false);
    discardPrestarted();
  });
});

mkdirSync(scratch, { recursive: true });
