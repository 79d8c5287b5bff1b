/**
 * The watch mode's steps, driven without a terminal: what each key and each save does, where a
 * pass leads, and the summary at the end. (test/watch-screen.test.ts runs it in a terminal.)
 */
import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";
import { courseListLines, fitWidth, visibleLength } from "#cli/lib/course-list.ts";
import { renderResult } from "#cli/lib/render.ts";
import { CourseWatch, keysLine, type WatchActions } from "#cli/lib/watch-course.ts";
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";
import type { ExerciseResult } from "#kit/results.ts";

const at = (n: number) => curriculum[n - 1]!;

function result(exercise: Exercise, status: ExerciseResult["status"]): ExerciseResult {
  return {
    number: exercise.number,
    slug: exercise.slug,
    title: exercise.title,
    status,
    points: exercise.points,
    earned: status === "passed" ? exercise.points : 0,
    checks: [],
    message: "",
    seed: 1,
    durationMs: 1,
  };
}

/** A course whose exercises pass when `passing` has them; every step is written to `log`. */
function harness(
  options: { passing?: Set<number>; passed?: Set<number>; gradingDone?: Promise<void> } = {},
) {
  const passing = options.passing ?? new Set<number>();
  const passed = options.passed ?? new Set<number>();
  const log: string[] = [];
  /** The exercises made ready for the next save, in order (kept apart from the screen's log). */
  const readied: number[] = [];
  const saves = new Map<number, () => void>();
  let hash = 0;
  let quit = false;
  const actions: WatchActions = {
    grade: async (e) => {
      log.push(`grade ${e.number}`);
      await options.gradingDone;
      const status = passing.has(e.number) ? "passed" : "failed";
      if (status === "passed") passed.add(e.number);
      return result(e, status);
    },
    hint: (e) => log.push(`hint ${e.number}`),
    reset: async (e) => {
      log.push(`reset ${e.number}`);
    },
    list: (current) => log.push(`list ${current?.number ?? "-"}`),
    nextToDo: (after) =>
      curriculum.find((e) => e.number > (after?.number ?? 0) && !passed.has(e.number)) ??
      curriculum.find((e) => !passed.has(e.number)),
    following: (e) => curriculum.find((x) => x.number === e.number + 1),
    summary: () => log.push("summary"),
    filesHash: (e) => `${e.number}:${hash}`,
    folder: (e) => `exercises/${e.slug}`,
    ready: (e) => readied.push(e.number),
  };
  const screen = {
    clear: () => log.push("clear"),
    print: (text: string) => log.push(text),
    quit: () => {
      quit = true;
    },
  };
  const watch = new CourseWatch(
    actions,
    screen,
    (exercise, changed) => {
      saves.set(exercise.number, changed);
      return () => saves.delete(exercise.number);
    },
    0,
  );
  /** A save that changes the exercise's files; resolves once its grade has run. */
  const save = async (n: number) => {
    hash += 1;
    saves.get(n)?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return { watch, actions, log, readied, save, saves, passing, passed, isQuit: () => quit };
}

test("it grades the exercise it starts on and shows the keys", async () => {
  const { watch, log, saves } = harness();
  await watch.start(at(3));
  expect(log).toContain("grade 3");
  expect(log.at(-1)).toMatch(/Watching exercises\/03-backward\/ · save to grade it/);
  expect(log.at(-1)).toContain(keysLine);
  // Only the current exercise's folder is followed.
  expect([...saves.keys()]).toEqual([3]);
});

test("a save grades again; a save that changes nothing does not", async () => {
  const { watch, log, save, saves } = harness();
  await watch.start(at(1));
  await save(1);
  expect(log.filter((l) => l === "grade 1")).toHaveLength(2);
  // The same content again (an editor writing twice): no grade.
  saves.get(1)!();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(log.filter((l) => l === "grade 1")).toHaveLength(2);
});

test("a pass moves on to the next exercise not yet passed, and follows its folder", async () => {
  const { watch, log, save, saves, passing } = harness({ passed: new Set([2]) });
  await watch.start(at(1));
  passing.add(1);
  await save(1);
  // Exercise 2 passed before: the watch goes on to 3, without grading its stub yet.
  expect(watch.exercise?.number).toBe(3);
  expect(log.join("\n")).toMatch(/Now exercise 3 · Backpropagation/);
  expect(log).not.toContain("grade 3");
  expect([...saves.keys()]).toEqual([3]);
});

test("after each verdict, the exercise the next save grades is made ready", async () => {
  const { watch, readied, save, passing } = harness();
  await watch.start(at(1));
  expect(readied).toEqual([1]);
  passing.add(1);
  await save(1);
  // Passed: the next save is exercise 2's, so exercise 2's grading is the one made ready.
  expect(readied).toEqual([1, 2]);
});

test("h, l and n do what the keys line says", async () => {
  const { watch, log } = harness();
  await watch.start(at(1));
  await watch.key("h");
  expect(log).toContain("hint 1");
  await watch.key("l");
  expect(log).toContain("list 1");
  await watch.key("n");
  expect(watch.exercise?.number).toBe(2);
  expect(log).toContain("grade 2");
});

test("r asks first: y resets and grades the stub, any other key keeps the files", async () => {
  const { watch, log } = harness();
  await watch.start(at(2));
  await watch.key("r");
  expect(log.at(-1)).toMatch(/Put back the original exercises\/02-value\/\?/);
  await watch.key("x");
  expect(log).not.toContain("reset 2");
  expect(log).toContain("Nothing changed.");
  await watch.key("r");
  await watch.key("y");
  expect(log.slice(-4).join("\n")).toMatch(/reset 2[\s\S]*grade 2/);
});

test("after the last exercise passes, the course summary; q quits", async () => {
  const last = curriculum.at(-1)!;
  const everyOther = new Set(curriculum.map((e) => e.number).filter((n) => n !== last.number));
  const { watch, log, save, passing, isQuit } = harness({ passed: everyOther });
  await watch.start(last);
  passing.add(last.number);
  await save(last.number);
  expect(watch.exercise).toBeUndefined();
  expect(log).toContain("summary");
  expect(log.at(-1)).toMatch(/l list · q quit/);
  await watch.key("l");
  expect(log).toContain("list -");
  await watch.key("q");
  expect(isQuit()).toBe(true);
});

test("with every exercise passed it starts on the summary; n there goes to what is left", async () => {
  const { watch, log } = harness({ passed: new Set([1, 2, 4]) });
  await watch.start(undefined);
  expect(log).toEqual(["clear", "summary", expect.stringMatching(/n go on with exercise 3/)]);
  await watch.key("n");
  expect(watch.exercise?.number).toBe(3);
});

test("keys pressed while grading wait for the verdict", async () => {
  let finish = () => {};
  const gradingDone = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const { watch, log } = harness({ gradingDone });
  const started = watch.start(at(1));
  await watch.key("h");
  expect(log).not.toContain("hint 1");
  finish();
  await started;
  expect(log.indexOf("hint 1")).toBeGreaterThan(log.indexOf("grade 1"));
});

test("the course list fits 80 columns and a 40-row terminal, one line an exercise", () => {
  const lines = courseListLines(() => "untried", at(2));
  expect(lines).toHaveLength(curriculum.length);
  expect(lines.every((line) => visibleLength(line) <= 80)).toBe(true);
  // Room for 31 exercises and the lines around them: the course line, the keys, a prompt.
  expect(curriculum.length + 6).toBeLessThanOrEqual(40);
  expect(lines[0]).toMatch(/^micrograd +· {2}1 {2}The derivative/);
  expect(lines[1]).toMatch(/^ +▸· {2}2 {2}Value/);
  expect(lines.filter((line) => /^\S/.test(line))).toHaveLength(
    new Set(curriculum.map((e) => e.track)).size,
  );
});

test("a line too wide is cut to fit, colour codes kept whole", () => {
  expect(fitWidth("x".repeat(100))).toBe(`${"x".repeat(79)}…`);
  const coloured = `\u001b[2m${"y".repeat(100)}\u001b[22m`;
  expect(visibleLength(fitWidth(coloured, 40))).toBe(40);
  expect(fitWidth("short")).toBe("short");
});

test("check titles of 115 characters wrap within 80 columns, the score on the first line", () => {
  const title =
    "values and gradients of random graphs of +, * and tanh match plain arithmetic and finite differences, every one";
  const text = renderResult(
    {
      ...result(at(3), "passed"),
      checks: [
        {
          id: "a",
          title,
          points: 2,
          earned: 2,
          status: "passed",
          message: "",
          durationMs: 1,
        },
      ],
    },
    "npm run exercise 3",
  );
  const lines = text.split("\n");
  expect(lines.every((line) => visibleLength(line) <= 80)).toBe(true);
  expect(lines[0]).toMatch(/^ {2}✔ values and gradients .* 2\/2$/);
  expect(lines.slice(1).join(" ")).toMatch(/every one/);
});

test("without a terminal, watch mode says in one sentence that it needs one, and exits 2", () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "cli/exercise.ts", "--watch"], {
    cwd: repoRoot,
    env: { ...process.env, CI: "", NO_COLOR: "1", VITEST: "" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/^Watch mode needs a terminal/);
  expect(run.stderr).not.toMatch(/Usage:/);
  expect(run.stdout).toBe("");
});

test("a verdict that carries a picture gets its line on the screen", async () => {
  const { actions, log } = harness();
  const withPicture = new CourseWatch(
    {
      ...actions,
      picture: (r) => (r.status === "failed" ? "out/failures/backward.png" : undefined),
    },
    { clear: () => {}, print: (text) => log.push(text), quit: () => {} },
    () => () => {},
    0,
  );
  await withPicture.start(at(3));
  expect(log).toContain("Picture of what is wrong: out/failures/backward.png");
});

test("a grade that fails inside the kit is said, and the watch goes on", async () => {
  const { actions, log } = harness();
  let calls = 0;
  const watch = new CourseWatch(
    {
      ...actions,
      grade: async (e) => {
        calls += 1;
        if (calls === 1) throw new Error("the grading process could not start");
        return result(e, "failed");
      },
    },
    { clear: () => {}, print: (text) => log.push(text), quit: () => {} },
    () => () => {},
    0,
  );
  await watch.start(at(1));
  expect(log.join("\n")).toMatch(/The kit could not grade exercise 1: the grading process/);
  expect(log.at(-1)).toContain(keysLine);
  await watch.key("n");
  expect(watch.exercise?.number).toBe(2);
  expect(calls).toBe(2);
});
