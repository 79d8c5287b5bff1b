/**
 * Learner code is untrusted. Whatever it does — loop forever, fail to parse, throw, return
 * NaN — the learner gets one clear sentence, and no process is left behind.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { exerciseBySlug } from "#course/curriculum.ts";
import { repoRoot, stateDir } from "#kit/paths.ts";
import { type GradeRun, gradeExercise } from "#kit/supervise.ts";

const exercise = exerciseBySlug("01-derivative")!;
const fixtures = join(stateDir, "fixtures", "harness");

/** A target folder whose exercise 1 file has the given source. */
function fixture(name: string, source: string): string {
  const folder = join(fixtures, name);
  mkdirSync(join(folder, exercise.slug), { recursive: true });
  writeFileSync(join(folder, exercise.slug, "derivative.ts"), source);
  return folder;
}

const partial = `export function partialDerivative(f: (...a: number[]) => number, args: readonly number[], i: number, h = 1e-5): number {
  const up = [...args]; const down = [...args]; up[i] = args[i]! + h; down[i] = args[i]! - h;
  return (f(...up) - f(...down)) / (2 * h);
}\n`;

function withDerivative(body: string): string {
  return `export function derivative(f: (x: number) => number, x: number, h = 1e-5): number {\n${body}\n}\n${partial}`;
}

/** No live process is left in the grading process group (a killed one may linger as a zombie until reaped). */
function isGone(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  const listing = spawnSync("ps", ["-eo", "pgid=,stat="], { encoding: "utf8" }).stdout;
  return !listing.split("\n").some((line) => {
    const [group, state] = line.trim().split(/\s+/);
    return Number(group) === pid && !state?.startsWith("Z");
  });
}

function noStackDump(result: GradeRun): void {
  for (const text of [result.message, ...result.checks.map((c) => c.message)])
    expect(text).not.toMatch(/\n\s+at /);
}

afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

describe("a learner's file that never finishes", () => {
  test("an infinite loop in a check is stopped at the limit, named, and leaves no process", async () => {
    const started = performance.now();
    const result = await gradeExercise(exercise, {
      target: fixture("loop", withDerivative("  while (true) {}")),
      timeLimitSeconds: 3,
    });
    // The limit is CPU time: on a loaded machine 3 s of it take longer by the clock, but the
    // loop is stopped by its CPU budget (the sentence says so), before the busy machine's
    // backstop at twenty limits (kit/time-limit.ts).
    expect(performance.now() - started).toBeLessThan(20 * 3_000 + 10_000);
    expect(result.status).toBe("timeout");
    expect(result.message).toMatch(
      /Stopped after 3 s while checking "the lecture's f\(x\).*" \(3 s of CPU time\): your code did not finish\. Look for a loop/,
    );
    expect(result.checks[0]!.status).toBe("timeout");
    expect(result.checks.slice(1).every((c) => c.status === "not-run")).toBe(true);
    expect(result.earned).toBe(0);
    expect(isGone(result.pid)).toBe(true);
  });

  test("a loop at the top level of the file is stopped while loading", async () => {
    const result = await gradeExercise(exercise, {
      target: fixture("top-loop", `while (true) {}\n${withDerivative("  return 0;")}`),
      timeLimitSeconds: 3,
    });
    expect(result.status).toBe("timeout");
    expect(result.message).toMatch(/did not finish/);
    expect(isGone(result.pid)).toBe(true);
  });

  test("a child process the learner starts goes with the group", async () => {
    const source = `import { spawn } from "node:child_process";\nspawn("sleep", ["600"], { stdio: "ignore" });\n${withDerivative("  while (true) {}")}`;
    const result = await gradeExercise(exercise, {
      target: fixture("grandchild", source),
      timeLimitSeconds: 3,
    });
    expect(result.status).toBe("timeout");
    expect(isGone(result.pid)).toBe(true);
  });
});

describe("a learner's file that breaks", () => {
  test("a syntax error is one sentence naming the file and line", async () => {
    const result = await gradeExercise(exercise, {
      target: fixture("syntax", "export function derivative(f, x {\n  return 1;\n}\n"),
    });
    expect(result.status).toBe("error");
    expect(result.message).toMatch(/derivative\.ts could not be loaded/);
    expect(result.message).toMatch(/:1:/);
    expect(result.checks.every((c) => c.status === "error")).toBe(true);
    noStackDump(result);
  });

  test("a throw at import is an error with the thrown message", async () => {
    const result = await gradeExercise(exercise, {
      target: fixture(
        "throws",
        `throw new Error("boom at import");\n${withDerivative("  return 0;")}`,
      ),
    });
    expect(result.status).toBe("error");
    expect(result.message).toMatch(/boom at import/);
    noStackDump(result);
  });

  test("a missing file says how to get it back", async () => {
    const folder = join(fixtures, "missing");
    mkdirSync(folder, { recursive: true });
    const result = await gradeExercise(exercise, { target: folder });
    expect(result.status).toBe("error");
    expect(result.message).toMatch(/does not exist.*--reset/);
  });

  test("a throw inside a check names the learner's line", async () => {
    const result = await gradeExercise(exercise, {
      target: fixture("throw-in-check", withDerivative('  throw new TypeError("not a function");')),
    });
    expect(result.status).toBe("failed");
    const first = result.checks[0]!;
    expect(first.status).toBe("error");
    expect(first.message).toMatch(/derivative\.ts:2 threw TypeError: not a function/);
    noStackDump(result);
  });

  test("an error the kit raises from inside the learner's call names the learner's line first", async () => {
    const embedding = exerciseBySlug("15-embedding")!;
    const folder = join(fixtures, "kit-error");
    mkdirSync(join(folder, embedding.slug), { recursive: true });
    writeFileSync(
      join(folder, embedding.slug, "embedding.ts"),
      `import type { Tensor } from "#reference/tensor/index.ts";
export function embed(C: Tensor, X: Tensor): Tensor {
  return C.index(X);
}
export function flatten(emb: Tensor): Tensor {
  return emb.view(-1, 7);
}
`,
    );
    const result = await gradeExercise(embedding, { target: folder });
    const failed = result.checks.find((c) => c.status !== "passed")!;
    expect(failed.message).toMatch(/embedding\.ts:6 threw Error: /);
    expect(failed.message).not.toMatch(/reference\//);
    noStackDump(result);
  });

  test.each([
    ["NaN", "  return NaN;", /is NaN/],
    ["undefined", "  return undefined as unknown as number;", /is undefined/],
    [
      "a string",
      '  return "14" as unknown as number;',
      /is "14" \(string\); a number was expected/,
    ],
  ])("returning %s is one sentence", async (_name, body, message) => {
    const result = await gradeExercise(exercise, {
      target: fixture(`returns-${_name.replace(" ", "-")}`, withDerivative(body)),
    });
    expect(result.status).toBe("failed");
    expect(result.checks[0]!.message).toMatch(message);
    noStackDump(result);
  });

  test("calling process.exit is not a pass", async () => {
    const result = await gradeExercise(exercise, {
      target: fixture("exit", withDerivative("  process.exit(0);")),
    });
    expect(result.status).toBe("error");
    expect(result.earned).toBe(0);
    expect(result.message).toMatch(/ended/);
  });
});

describe("compile first", () => {
  test("a file that runs but does not type-check fails, its errors first at the learner's line", async () => {
    const value = exerciseBySlug("02-value")!;
    const folder = join(fixtures, "types");
    mkdirSync(join(folder, value.slug), { recursive: true });
    const solution = readFileSync(join(repoRoot, "solutions", value.slug, "value.ts"), "utf8");
    // The mistake the issue found scoring full points: a plain number kept in prev.
    const wrong = solution.replace(
      'return new Value(this.data * o.data, [this, o], "*");',
      'return new Value(this.data * o.data, [this, other], "*");',
    );
    expect(wrong).not.toBe(solution);
    writeFileSync(join(folder, value.slug, "value.ts"), wrong);
    const result = await gradeExercise(value, { target: folder });
    expect(result.status).toBe("failed");
    expect(result.earned).toBe(0);
    const types = result.checks[0]!;
    expect(types.id).toBe("types");
    expect(types.status).toBe("failed");
    expect(types.message).toMatch(/value\.ts:29:\d+: .*not assignable/);
    expect(types.message).toMatch(/That is: /);
    noStackDump(result);
  });

  test("a file that type-checks gets no extra check", async () => {
    const result = await gradeExercise(exerciseBySlug("02-value")!, { target: "solutions" });
    expect(result.checks.some((c) => c.id === "types")).toBe(false);
    expect(result.status).toBe("passed");
  });
});
