/**
 * The watch mode as a learner meets it: in a real terminal (tmux), on a fresh copy of the kit,
 * `npm run exercise -- --watch` goes from exercise 1 to 3 as the solutions' files are saved one
 * after another, with a hint and a reset on the way; the screen is read at each stage.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].find((path) => existsSync(path));
// A server of our own (-L), so that ending it ends nothing of anyone else's.
const socket = `gradlings-watch-${process.pid}`;
const session = "watch";

function tmuxRun(...args: string[]): string {
  return execFileSync(tmux!, ["-L", socket, ...args], { encoding: "utf8" });
}

/** The screen as it is now, wrapped lines joined, so a line too wide shows as one. */
function screen(): string {
  return tmuxRun("capture-pane", "-p", "-J", "-t", session);
}

/** Waits until the screen matches every pattern; fails with the screen as it was. */
async function waitFor(patterns: RegExp[], timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let shown = "";
  while (Date.now() < deadline) {
    shown = screen();
    if (patterns.every((p) => p.test(shown))) return shown;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The screen never showed ${patterns.join(" and ")}; it shows:\n${shown}`);
}

function expectFits80Columns(shown: string): void {
  const wide = shown.split("\n").filter((line) => [...line].length > 80);
  expect(wide, "lines wider than 80 columns").toEqual([]);
}

/**
 * A copy of the kit as a learner clones it: the repository's history (reset reads the stubs
 * from git), the work in progress of the kit itself on top (not of exercises/, which stay
 * the stubs), the installed packages linked and the built kernels copied.
 */
function freshCopy(): string {
  const copy = join(mkdtempSync(join(tmpdir(), "gradlings-watch-")), "kit");
  execFileSync("git", ["clone", "--quiet", repoRoot, copy]);
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).split("\n").filter(Boolean);
  // Changed since the last commit (staged or not), and new files.
  const changed = [
    ...git("diff", "--name-only", "HEAD"),
    ...git("ls-files", "--others", "--exclude-standard"),
  ];
  for (const file of changed) {
    if (file.startsWith("exercises/")) continue;
    if (!existsSync(join(repoRoot, file))) {
      rmSync(join(copy, file), { force: true });
      continue;
    }
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(copy, file));
  }
  symlinkSync(join(repoRoot, "node_modules"), join(copy, "node_modules"));
  if (existsSync(join(repoRoot, "build")))
    cpSync(join(repoRoot, "build"), join(copy, "build"), { recursive: true });
  return copy;
}

let copy: string | undefined;
let socketPath: string | undefined;
afterAll(() => {
  if (!tmux) return;
  spawnSync(tmux, ["-L", socket, "kill-server"], { stdio: "ignore" });
  // tmux can leave its socket file behind once its server has gone.
  if (socketPath) rmSync(socketPath, { force: true });
  if (copy) rmSync(dirname(copy), { recursive: true, force: true });
});

test.skipIf(!tmux)(
  "watch mode carries the learner from exercise 1 to 3, with a hint and a reset on the way",
  { timeout: 120_000 },
  async () => {
    copy = freshCopy();
    const kit = copy;
    const save = (slug: string, file: string, content: string) =>
      writeFileSync(join(kit, "exercises", slug, file), content);
    const solution = (slug: string, file: string) =>
      readFileSync(join(kit, "solutions", slug, file), "utf8");

    // The terminal a learner has: 80 by 40, no CI, no settings of the kit's own tests.
    const command = [
      "env -u CI -u VITEST -u GRADLINGS_PROGRESS -u GRADLINGS_TARGET -u GRADLINGS_SEED NO_COLOR=1",
      "npm run --silent exercise -- --watch;",
      'echo "watch ended with $?"; sleep 60',
    ].join(" ");
    tmuxRun("new-session", "-d", "-s", session, "-x", "80", "-y", "40", "-c", kit, command);
    socketPath = tmuxRun("display-message", "-p", "-t", session, "#{socket_path}").trim();

    // Exercise 1, the stub: the verdict, then what to do and the keys.
    let shown = await waitFor([/Exercise 1 · The derivative, measured/, /h hint · r reset/]);
    expect(shown).toMatch(/Not implemented yet/);
    expect(shown).toMatch(/Watching exercises\/01-derivative\/ · save to grade it/);
    expect(shown).toMatch(/l list · n next · q quit/);
    expectFits80Columns(shown);

    tmuxRun("send-keys", "-t", session, "h");
    shown = await waitFor([/Hint 1\/3 for exercise 1/, /h hint · r reset/]);
    expect(shown).toMatch(/A derivative is a ratio/);
    expect(shown).toMatch(/Press h again for a more specific one/);

    // The whole course on one 40-row screen, the current exercise marked, the keys below.
    tmuxRun("send-keys", "-t", session, "l");
    shown = await waitFor([/Course: 0\/\d+ exercises passed/, /h hint · r reset/]);
    // Each row shows the number and the title, a long title cut to fit 80 columns.
    for (const exercise of curriculum)
      expect(shown).toMatch(
        new RegExp(`\\s${exercise.number}  ${escapeRegExp(exercise.title.slice(0, 40))}`),
      );
    expect(shown).toMatch(/▸✘ {2}1 {2}The derivative/);
    expectFits80Columns(shown);

    // Saving the solution passes exercise 1 and moves the watch to exercise 2.
    save("01-derivative", "derivative.ts", solution("01-derivative", "derivative.ts"));
    shown = await waitFor([/Exercise 1 passed/, /Watching exercises\/02-value\//]);
    expect(shown).toMatch(/Now exercise 2 · Value/);
    expect(shown).toMatch(/Score 6\/6/);
    expectFits80Columns(shown);

    // A start on exercise 2 that the learner throws away: r, then y, with a backup kept.
    const stub2 = readFileSync(join(kit, "exercises", "02-value", "value.ts"), "utf8");
    save("02-value", "value.ts", `${stub2}\n// my first attempt\n`);
    shown = await waitFor([/Exercise 2 · Value/, /Not implemented yet/, /h hint · r reset/]);
    tmuxRun("send-keys", "-t", session, "r");
    shown = await waitFor([/Put back the original exercises\/02-value\/\?/, /y yes/]);
    tmuxRun("send-keys", "-t", session, "y");
    shown = await waitFor([/back to its original stub/, /Score 0\/6/, /h hint · r reset/]);
    expect(readFileSync(join(kit, "exercises", "02-value", "value.ts"), "utf8")).toBe(stub2);
    const backups = join(kit, ".gradlings", "backups", "value");
    const backup = join(backups, readdirSync(backups)[0]!, "value.ts");
    expect(readFileSync(backup, "utf8")).toMatch(/my first attempt/);
    expectFits80Columns(shown);

    save("02-value", "value.ts", solution("02-value", "value.ts"));
    shown = await waitFor([/Exercise 2 passed/, /Watching exercises\/03-backward\//]);

    save("03-backward", "engine.ts", solution("03-backward", "engine.ts"));
    shown = await waitFor([/Exercise 3 passed/, /Now exercise 4 · More operations/]);
    expect(shown).toMatch(/Course: 3\/\d+ exercises passed/);
    expectFits80Columns(shown);

    tmuxRun("send-keys", "-t", session, "q");
    shown = await waitFor([/Stopped watching/, /watch ended with 0/]);
  },
);
