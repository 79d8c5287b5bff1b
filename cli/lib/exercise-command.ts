/**
 * The learner's runner: `npm run exercise [EXERCISE | next | list] [--watch] [--hint]
 * [--reset] [--solution] [--seed S] [--fresh]`, where EXERCISE is a number, an id or a folder
 * name. Without an argument in a terminal it shows a menu; without a terminal it never prompts,
 * and the watch mode, which reads single keys, says it needs one. Loaded by cli/exercise.ts,
 * which may have started the grading process already.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  type FSWatcher,
  mkdirSync,
  readFileSync,
  watch,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { curriculum, type Exercise, exerciseByNumber } from "#course/curriculum.ts";
import { borrowingsOf, zeroedResult } from "#kit/grading.ts";
import { displayPath, repoRoot, stateDir, targetRoot } from "#kit/paths.ts";
import type { ExerciseResult } from "#kit/results.ts";
import { gradingSeed } from "#kit/seed.ts";
import { gradeExercise, prestartGrading } from "#kit/supervise.ts";
import { courseListLines, fitWidth } from "./course-list.ts";
import {
  entry,
  filesHash,
  learnerFilesHash,
  loadProgress,
  type Progress,
  recordGrade,
  recordReset,
  type Standing,
  saveProgress,
  standing,
} from "./progress.ts";
import {
  bold,
  cyan,
  dim,
  exerciseHeading,
  green,
  red,
  renderResult,
  statusSymbol,
  wrap,
  yellow,
} from "./render.ts";
import { editDistance, isNear, unknownOption } from "./suggest.ts";
import { CourseWatch, type FollowFolder } from "./watch-course.ts";

const usage = `Usage: npm run exercise [-- EXERCISE | next | list] [--watch] [--hint]
         [--reset [--yes]] [--solution] [--show] [--seed S | --fresh]
EXERCISE is its number (3), its name (backward) or its folder (03-backward).

  npm run exercise            the menu, then the watch mode from the exercise
                              picked (in a terminal); the list otherwise
  npm run exercise 3          grade exercise 3
  npm run exercise list       every exercise: ✔ passed, ✎ changed since it
                              passed, ✘ failing, · not tried
  npm run exercise next       grade the first exercise not yet passed
  npm run exercise -- --watch       follow the course: grade on every save,
                                    go on when it passes (keys: h hint,
                                    r reset, l list, n next, q quit)
  npm run exercise 3 -- --watch     the same, starting at exercise 3
  npm run exercise 3 -- --hint      the next hint for exercise 3
  npm run exercise 3 -- --reset     put the stub back (your files are kept)
  npm run exercise 3 -- --solution  the solution, once you have passed
  npm run exercise 3 -- --show      a failure drawn: your graph or table beside
                              the correct one, in out/
  npm run exercise 3 -- --fresh     grade with new random inputs (prints a seed)
  npm run exercise 3 -- --seed S    replay a run exactly
  --yes confirms --reset where there is no terminal to ask.`;

class UsageError extends Error {
  /** `brief`: the message says all there is to say; the usage would only bury it. */
  constructor(
    message: string,
    readonly brief = false,
  ) {
    super(message);
  }
}

interface Options {
  target?: string;
  watch: boolean;
  hint: boolean;
  reset: boolean;
  yes: boolean;
  solution: boolean;
  seed?: number;
  fresh: boolean;
  show: boolean;
  help: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    watch: false,
    hint: false,
    reset: false,
    yes: false,
    solution: false,
    fresh: false,
    show: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--seed=")) {
      options.seed = parseSeed(arg.slice("--seed=".length));
      continue;
    }
    switch (arg) {
      case "--watch":
      case "-w":
        options.watch = true;
        break;
      case "--hint":
        options.hint = true;
        break;
      case "--reset":
        options.reset = true;
        break;
      case "--yes":
      case "-y":
        options.yes = true;
        break;
      case "--solution":
        options.solution = true;
        break;
      case "--fresh":
        options.fresh = true;
        break;
      case "--show":
        options.show = true;
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      case "--seed":
        options.seed = parseSeed(argv[++i]);
        break;
      default:
        if (arg.startsWith("-"))
          throw new UsageError(
            unknownOption(arg, [
              "--watch",
              "--hint",
              "--reset",
              "--yes",
              "--solution",
              "--fresh",
              "--show",
              "--seed",
              "--help",
            ]),
          );
        if (
          options.target !== undefined &&
          process.env["npm_config_seed"] === "true" &&
          options.seed === undefined
        ) {
          options.seed = parseSeed(arg);
          break;
        }
        if (options.target !== undefined)
          throw new UsageError(`One exercise at a time: got "${options.target}" and "${arg}".`);
        options.target = arg;
    }
  }
  fromNpmConfig(options);
  if (options.target === "list" && options.watch)
    throw new UsageError(
      "--watch starts at an exercise, or at the first not yet passed: npm run exercise -- --watch",
      true,
    );
  if (options.target === undefined || options.target === "list") {
    // --watch alone follows the course from the first exercise not yet passed.
    const flag = (["hint", "reset", "solution"] as const).find((f) => options[f]);
    if (flag) {
      throw new UsageError(
        `--${flag} needs an exercise: npm run exercise 3 -- --${flag} (or its name, like backward).`,
      );
    }
  }
  return options;
}

function parseSeed(value: string | undefined): number {
  const seed = Number(value);
  if (value === undefined || value === "" || !Number.isSafeInteger(seed))
    throw new UsageError(
      `--seed needs a whole number, not ${value === undefined ? "nothing" : `"${value}"`}.`,
    );
  return seed;
}

/**
 * `npm run exercise 3 --hint` (without the `--`) hands --hint to npm, not to us; npm passes it
 * on as npm_config_hint=true. Accept it rather than silently grading instead of hinting.
 */
function fromNpmConfig(options: Options): void {
  if (process.env["npm_lifecycle_event"] !== "exercise") return;
  const on = (name: string) => process.env[`npm_config_${name}`] === "true";
  options.watch ||= on("watch");
  options.hint ||= on("hint");
  options.reset ||= on("reset");
  options.solution ||= on("solution");
  options.fresh ||= on("fresh");
  options.show ||= on("show");
  options.yes ||= on("yes");
  const seed = process.env["npm_config_seed"];
  if (options.seed === undefined && seed !== undefined && seed !== "" && seed !== "true") {
    options.seed = parseSeed(seed);
  }
}

/** How an exercise stands for the learner: its progress against its files as they are now. */
function standingOf(progress: Progress, exercise: Exercise): Standing {
  return standing(progress.exercises[exercise.id], () => learnerFilesHash(exercise));
}

/** The first exercise (after `after`, if given) whose pass does not stand. */
function nextUnpassed(progress: Progress, after = 0): Exercise | undefined {
  return curriculum.find((e) => e.number > after && standingOf(progress, e) !== "passed");
}

/** An exercise as the learner names it: number (3), id (backward) or folder (03-backward). */
function findExercise(target: string, progress: Progress): Exercise {
  if (target === "next") {
    // When everything has passed, "next" starts again from the top rather than failing.
    return nextUnpassed(progress) ?? curriculum[0]!;
  }
  const name = target.toLowerCase();
  const exercise = /^\d+$/.test(name)
    ? exerciseByNumber(Number(name))
    : curriculum.find((e) => e.id === name || e.slug === name);
  if (exercise) return exercise;
  if (/^\d+$/.test(name))
    throw new UsageError(
      `There is no exercise "${target}": they are numbered 1 to ${curriculum.length} (npm run exercise list).`,
      true,
    );
  const closest = closestName(name);
  throw new UsageError(
    closest
      ? `There is no exercise "${target}"; did you mean ${closest}?`
      : `There is no exercise "${target}": name one by its number or its name, as npm run exercise list shows them.`,
    true,
  );
}

/** The name nearest to a mistyped one ("backwrd", "04-backward", "bigram"), if any is near. */
function closestName(name: string): string | undefined {
  const unnumbered = name.replace(/^\d+-/, "");
  let best: { distance: number; suggestion: string } | undefined;
  const consider = (distance: number, suggestion: string) => {
    if (!best || distance < best.distance) best = { distance, suggestion };
  };
  for (const e of curriculum) {
    const suggestion = `${e.id} (exercise ${e.number})`;
    consider(Math.min(editDistance(name, e.id), editDistance(name, e.slug)), suggestion);
    consider(editDistance(unnumbered, e.id), suggestion);
    // A part of a name ("bigram") is near the names that contain it.
    if (name.length >= 3 && e.id.includes(name)) consider(1, suggestion);
  }
  for (const word of ["next", "list"]) consider(editDistance(name, word), word);
  return best && isNear(best.distance, name) ? best.suggestion : undefined;
}

function courseLine(progress: Progress): string {
  const passed = curriculum.filter((e) => standingOf(progress, e) === "passed");
  const points = passed.reduce((s, e) => s + e.points, 0);
  const total = curriculum.reduce((s, e) => s + e.points, 0);
  return `Course: ${passed.length}/${curriculum.length} exercises passed · ${points}/${total} points`;
}

/** The whole course, one line an exercise, so that it fits a 40-row terminal. */
function printList(progress: Progress, current?: Exercise, command = true): void {
  const standings = new Map(curriculum.map((e) => [e, standingOf(progress, e)]));
  for (const line of courseListLines((e) => standings.get(e)!, current)) console.log(line);
  if ([...standings.values()].includes("changed"))
    console.log(`${statusSymbol("changed")} changed since it passed: grade it again for its ✔.`);
  console.log(`\n${courseLine(progress)}`);
  const next = nextUnpassed(progress);
  if (next && command)
    console.log(
      `Next: read exercises/${next.slug}/README.md, then ${cyan(`npm run exercise ${next.number}`)}`,
    );
}

/** After the last exercise: the course as it stands and what, if anything, is left. */
function printSummary(progress: Progress): void {
  console.log(bold("gradlings · the course so far\n"));
  printList(progress, undefined, false);
  const left = curriculum.filter((e) => standingOf(progress, e) !== "passed");
  console.log(
    wrap(
      left.length === 0
        ? green(
            "Every exercise passed: from a derivative measured by hand to the lectures' models. Well done.",
          )
        : `Still to pass: ${left.length === 1 ? "exercise" : "exercises"} ${left.map((e) => e.number).join(", ")}.`,
    ),
  );
}

function isInteractive(): boolean {
  const ci = process.env["CI"];
  const inCi = ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
  return process.stdin.isTTY === true && process.stdout.isTTY === true && !inCi;
}

async function grade(
  exercise: Exercise,
  progress: Progress,
  options: Options,
): Promise<ExerciseResult> {
  const seed =
    options.seed ?? (options.fresh ? Math.floor(Math.random() * 2 ** 31) : gradingSeed());
  // Progress is the learner's: grading the solutions or a mutant folder does not count.
  const learners = (process.env["GRADLINGS_TARGET"] ?? "exercises") === "exercises";
  // Hashed before grading, so a save while the grader runs shows as a change, not as passed.
  const graded = learners ? learnerFilesHash(exercise) : "";
  console.log(exerciseHeading(exercise, displayPath(join(targetRoot(), exercise.slug))));
  if (options.fresh) console.log(dim(`Fresh inputs: seed ${seed}`));
  const live = process.stdout.isTTY === true;
  const titles = new Map<string, string>();
  const run = await gradeExercise(exercise, {
    seed,
    // Borrowed answers score zero here as in `npm run grade`: the same scan, the same watch.
    watchImports: true,
    onEvent: (event) => {
      if (!live) return;
      if (event.type === "checks") for (const c of event.checks) titles.set(c.id, c.title);
      // Cut to the terminal's width: a line that wrapped would leave its first part behind.
      if (event.type === "start")
        process.stdout.write(
          `\r\u001b[2K${fitWidth(`  ${dim(`… ${titles.get(event.id) ?? event.id}`)}`, columns() - 1)}`,
        );
    },
  });
  const borrowed = borrowingsOf(exercise, targetRoot(), run);
  let result: ExerciseResult = zeroedResult(run, borrowed);
  if (live) process.stdout.write("\r\u001b[2K");
  console.log("");
  const replay = `npm run exercise ${exercise.number} -- --seed ${seed}`;
  console.log(renderResult(result, replay));
  if (options.show && result.status !== "passed") {
    // Loaded only when asked for: the pictures bring the plotting code and the tensor library
    // into this process, a third of a second before every verdict otherwise.
    const { showFailure } = await import("./pictures/index.ts");
    result = await showFailure(exercise, result);
  }

  // A borrowed answer records nothing: neither a pass nor an attempt of the learner's own.
  if (learners && borrowed.length === 0) {
    // Read it again: a hint asked for in another terminal while this one watched must not be lost.
    Object.assign(progress, loadProgress());
    recordGrade(entry(progress, exercise.id), result.status, graded);
    saveProgress(progress);
  }

  console.log("");
  console.log(`Score ${result.earned}/${result.points} · ${courseLine(progress)}`);
  if (result.status === "passed") {
    console.log(
      green(`✔ Exercise ${exercise.number} passed.`) +
        dim(` See the solution: npm run exercise ${exercise.number} -- --solution`),
    );
    if (exercise.afterPass) console.log(wrap(exercise.afterPass));
    const next = nextUnpassed(progress, exercise.number);
    // The watch mode moves on by itself and says where.
    if (next && !options.watch)
      console.log(
        `Next: exercises/${next.slug}/README.md, then ${cyan(`npm run exercise ${next.number}`)}`,
      );
  } else {
    console.log(
      dim(
        options.watch
          ? "Stuck? Press h for a hint."
          : `Stuck? npm run exercise ${exercise.number} -- --hint`,
      ),
    );
  }
  return result;
}

function columns(): number {
  return Math.min(process.stdout.columns || 80, 80);
}

/** `again`: how to ask for the next hint, as the learner asks (a command, or h in the watch). */
function showHint(
  exercise: Exercise,
  progress: Progress,
  again = "Run it again for a more specific one.",
): void {
  const record = entry(progress, exercise.id);
  if (record.hintsSeen >= exercise.hints.length) {
    console.log(
      wrap(
        `That was the last hint for exercise ${exercise.number}. Its lesson, exercises/${exercise.slug}/README.md, explains the whole idea; the grader's message says what is wrong right now.`,
      ),
    );
    for (const [i, hint] of exercise.hints.entries()) {
      console.log(`\n${yellow(`Hint ${i + 1}/${exercise.hints.length}`)}\n${wrap(hint)}`);
    }
    return;
  }
  const hint = exercise.hints[record.hintsSeen]!;
  record.hintsSeen += 1;
  saveProgress(progress);
  console.log(
    `${yellow(`Hint ${record.hintsSeen}/${exercise.hints.length}`)} ${wrap(`for exercise ${exercise.number} · ${exercise.title}`, 71)}\n\n${wrap(hint)}`,
  );
  if (record.hintsSeen < exercise.hints.length) console.log(dim(`\n${again}`));
}

function committedStub(exercise: Exercise, file: string): string {
  const path = `exercises/${exercise.slug}/${file}`;
  try {
    return execFileSync("git", ["show", `HEAD:${path}`], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch {
    throw new UsageError(
      `Could not read the original ${path} from git. Reset needs the kit's git history: clone it with git rather than downloading an archive.`,
    );
  }
}

async function reset(exercise: Exercise, progress: Progress, options: Options): Promise<void> {
  const stubs = exercise.files.map((file) => [file, committedStub(exercise, file)] as const);
  const current = (file: string) => {
    const path = join(repoRoot, "exercises", exercise.slug, file);
    return existsSync(path) ? readFileSync(path, "utf8") : undefined;
  };
  if (stubs.every(([file, stub]) => current(file) === stub)) {
    forgetPass(exercise, progress);
    console.log(`exercises/${exercise.slug}/ is already the original stub; nothing to reset.`);
    return;
  }
  if (!options.yes) {
    if (!isInteractive())
      throw new UsageError(
        `--reset replaces your files in exercises/${exercise.slug}/; add --yes to confirm when there is no terminal to ask.`,
      );
    const { confirm, isCancel } = await import("@clack/prompts");
    const answer = await confirm({
      message: `Put back the original exercises/${exercise.slug}/? Your files are backed up first.`,
    });
    if (isCancel(answer) || answer !== true) {
      console.log("Nothing changed.");
      return;
    }
  }
  // Kept under the id, like progress: renumbering the folders leaves the backups findable.
  const backup = join(
    stateDir,
    "backups",
    exercise.id,
    new Date().toISOString().replace(/[:.]/g, "-"),
  );
  mkdirSync(backup, { recursive: true });
  for (const [file, stub] of stubs) {
    const path = join(repoRoot, "exercises", exercise.slug, file);
    if (existsSync(path)) cpSync(path, join(backup, file));
    writeFileSync(path, stub);
  }
  forgetPass(exercise, progress);
  console.log(
    wrap(
      `Exercise ${exercise.number} is back to its original stub. Your version is kept in ${displayPath(backup)}/.`,
    ),
  );
}

/** The stub passes nothing: its ✔ goes (the first pass, which opens the solution, stays). */
function forgetPass(exercise: Exercise, progress: Progress): void {
  Object.assign(progress, loadProgress());
  const record = progress.exercises[exercise.id];
  if (!record) return;
  recordReset(record);
  saveProgress(progress);
}

function showSolution(exercise: Exercise, progress: Progress): void {
  // Before the pass gate: in a learner template no pass opens a solution.
  if (!existsSync(join(repoRoot, "solutions")))
    throw new UsageError(
      `This repository has no solutions (a learner template leaves them out); ask your instructor for exercise ${exercise.number}'s.`,
    );
  if (!progress.exercises[exercise.id]?.firstPassedAt) {
    throw new UsageError(
      `The solution opens once exercise ${exercise.number} passes: npm run exercise ${exercise.number}. Try a hint first: npm run exercise ${exercise.number} -- --hint`,
    );
  }
  if (!existsSync(join(repoRoot, "solutions", exercise.slug)))
    throw new UsageError(
      `This repository has no solutions (a learner template leaves them out); ask your instructor for exercise ${exercise.number}'s.`,
    );
  for (const file of exercise.files) {
    const path = join(repoRoot, "solutions", exercise.slug, file);
    console.log(`${bold(`solutions/${exercise.slug}/${file}`)}\n\n${readFileSync(path, "utf8")}`);
  }
}

/**
 * The watch mode: follows the course from `start` (or shows the summary when every exercise
 * has passed), grading on every save, until q. Keys come one at a time from the terminal in
 * raw mode; the caller has made sure there is a terminal.
 */
async function watchCourse(
  start: Exercise | undefined,
  progress: Progress,
  options: Options,
): Promise<never> {
  // The folder being graded: the learner's, or another target (GRADLINGS_TARGET).
  const folderOf = (exercise: Exercise) => join(targetRoot(), exercise.slug);
  const stdin = process.stdin;
  const watcher = new CourseWatch(
    {
      grade: (exercise) => grade(exercise, progress, options),
      hint: (exercise) => showHint(exercise, progress, "Press h again for a more specific one."),
      reset: (exercise) => reset(exercise, progress, { ...options, yes: true }),
      list: (current) => printList(progress, current, false),
      nextToDo: (after) =>
        (after && nextUnpassed(progress, after.number)) ?? nextUnpassed(progress),
      following: (exercise) => exerciseByNumber(exercise.number + 1),
      summary: () => printSummary(progress),
      filesHash: (exercise) => filesHash(folderOf(exercise), exercise.files),
      folder: (exercise) => displayPath(folderOf(exercise)),
      // The hook for failure pictures: a result that carries one (a path under out/) gets
      // its line on the watch screen.
      picture: (result) =>
        "picture" in result && typeof result.picture === "string"
          ? displayPath(result.picture)
          : undefined,
      // The next save's grading process, started while the learner edits (not with --fresh,
      // whose every grading draws a new seed that a process started now could not know).
      ready: (exercise) => {
        if (!options.fresh)
          prestartGrading(exercise, { seed: options.seed ?? gradingSeed(), watchImports: true });
      },
    },
    {
      clear: () => process.stdout.write("\u001b[2J\u001b[3J\u001b[H"),
      print: (text) => console.log(text),
      quit: () => {
        stdin.setRawMode(false);
        console.log("\nStopped watching. Back to it: npm run exercise -- --watch");
        process.exit(0);
      },
    },
    followFolder,
  );
  stopOnSignals(() => stdin.setRawMode(false), 0);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  // The menu's prompt pauses stdin when it closes; reading keys needs it flowing again.
  stdin.resume();
  // One key at a time, in order: a key that grades finishes before the next is read.
  let keys = Promise.resolve();
  stdin.on("data", (data: string) => {
    // Arrow keys and the like arrive as escape sequences: not keys of ours.
    if (data.startsWith("\u001b")) return;
    for (const key of data) keys = keys.then(() => watcher.key(key));
  });
  await watcher.start(start);
  return new Promise<never>(() => {});
}

/**
 * Follows an exercise's folder, not its files: editors often save by writing a new file and
 * renaming it over the old one, which would end a watch on the file itself.
 */
const followFolder: FollowFolder = (exercise, changed) => {
  const folder = join(targetRoot(), exercise.slug);
  let stopped = false;
  let current: FSWatcher | undefined;
  const follow = () => {
    if (stopped) return;
    try {
      current = watch(folder, (_event, name) => {
        if (name && !exercise.files.includes(String(name))) return;
        changed();
      });
    } catch {
      // Not there (yet): a checkout or a copy may bring it back.
      setTimeout(follow, 500);
      return;
    }
    // The folder itself was replaced (a checkout, a reset): watch the new one.
    current.on("error", () => {
      current?.close();
      setTimeout(follow, 500);
    });
  };
  follow();
  return () => {
    stopped = true;
    current?.close();
  };
};

/**
 * Ctrl-C (or a closed terminal) must not leave a grading process running: exiting through
 * process.exit runs supervise.ts's exit hook, which kills the grading process group.
 */
function stopOnSignals(say: () => void = () => {}, code?: number): void {
  for (const [signal, number] of [
    ["SIGINT", 2],
    ["SIGTERM", 15],
    ["SIGHUP", 1],
  ] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      say();
      process.exit(code ?? 128 + number);
    });
  }
}

async function menu(progress: Progress): Promise<Exercise | undefined> {
  const { cancel, intro, isCancel, select } = await import("@clack/prompts");
  intro(bold("gradlings · Neural Networks: Zero to Hero"));
  const next = nextUnpassed(progress);
  // One row an exercise, the track's name beside the first of its exercises (as the list
  // shows it), so the whole course fits a 40-row terminal without scrolling.
  const standings = new Map(curriculum.map((e) => [e, standingOf(progress, e)]));
  const lines = courseListLines((e) => standings.get(e)!, undefined, false);
  // clack wraps a label wider than about 64 columns onto a second row: cut it instead.
  const options = curriculum.map((e, i) => ({
    value: e.id,
    label: fitWidth(lines[i]!, 64),
    hint: `${e.points} pts${standings.get(e) === "changed" ? ", changed since it passed" : ""}`,
  }));
  const choice = await select({
    message: `Which exercise? ${dim(courseLine(progress))}`,
    initialValue: next?.id ?? curriculum[0]!.id,
    // The prompt's own lines take about six rows.
    maxItems: Math.max(5, (process.stdout.rows || 40) - 6),
    options,
  });
  if (isCancel(choice)) {
    cancel("Nothing graded. `npm run exercise 3` grades exercise 3 without the menu.");
    return undefined;
  }
  return curriculum.find((e) => e.id === choice);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(usage);
    return 0;
  }
  stopOnSignals();
  // Piped into head or less that quit early: stop quietly (the exit hook still kills grading).
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  const progress = loadProgress(undefined, (message) => console.error(yellow(wrap(message))));
  if (options.watch) {
    // Raw mode needs a terminal; without one, single keys could never be read.
    if (!isInteractive())
      throw new UsageError(
        `Watch mode needs a terminal to read its keys (h, r, l, n, q); here there is none, so grade once instead: npm run exercise ${options.target ?? "next"}.`,
        true,
      );
    const start =
      options.target === undefined
        ? nextUnpassed(progress)
        : findExercise(options.target, progress);
    await watchCourse(start, progress, options);
  }
  if (options.target === undefined || options.target === "list") {
    if (options.target === undefined && isInteractive()) {
      const picked = await menu(progress);
      if (!picked) return 0;
      // The loop goes on from the exercise picked, as the watch mode does, until q.
      await watchCourse(picked, progress, { ...options, watch: true });
    }
    printList(progress);
    return 0;
  }
  const exercise = findExercise(options.target, progress);
  if (options.hint) {
    showHint(exercise, progress);
    return 0;
  }
  if (options.reset) {
    await reset(exercise, progress, options);
    return 0;
  }
  if (options.solution) {
    showSolution(exercise, progress);
    return 0;
  }
  return (await grade(exercise, progress, options)).status === "passed" ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(red(wrap(error.message)));
    if (!error.brief) console.error(`\n${usage}`);
    process.exitCode = 2;
  } else {
    console.error(
      red(
        wrap(
          `Something went wrong in the kit itself: ${(error as Error).message ?? String(error)}`,
        ),
      ),
    );
    process.exitCode = 2;
  }
}
