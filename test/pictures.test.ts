/** `npm run exercise N -- --show`: the picture of a failure marks what is wrong, and only that. */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { compareGraphs, comparisonDot, firstWrongSentence } from "#cli/lib/pictures/graph.ts";
import { repoRoot } from "#kit/paths.ts";

const home = mkdtempSync(join(tmpdir(), "gradlings-pictures-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A target folder: the solution of `slug` with the mutant's files in place. */
function mutantTarget(slug: string, mutantFolder: string, files: readonly string[]): string {
  const root = join(home, mutantFolder.replaceAll("/", "-"));
  mkdirSync(join(root, slug), { recursive: true });
  cpSync(join(repoRoot, "solutions", slug), join(root, slug), { recursive: true });
  for (const file of files) cpSync(join(repoRoot, mutantFolder, file), join(root, slug, file));
  return root;
}

function show(exercise: number, target: string) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "cli/exercise.ts", String(exercise), "--show"],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        CI: "true",
        NO_COLOR: "1",
        GRADLINGS_TARGET: target,
        GRADLINGS_PROGRESS: join(home, "progress.json"),
        VITEST: "",
      },
      encoding: "utf8",
    },
  );
  // Joined into one line: the runner wraps its sentences at 80 columns.
  const output = `${result.stdout}${result.stderr}`.replace(/\s+/g, " ");
  const png = /picture: (\S+\.png)/.exec(output)?.[1];
  return { output, png: png === undefined ? undefined : join(repoRoot, png) };
}

test("exercise 3 with = instead of +=: the node used twice is marked, and named first going back", () => {
  const target = mutantTarget(
    "03-backward",
    "course/micrograd/backward/mutants/grad-assigned-not-accumulated",
    ["engine.ts"],
  );
  const { output, png } = show(3, target);
  expect(output).toMatch(/first wrong node is `a` \(a leaf, used 2 times\)/);
  expect(output).toContain("its grad is 1.0000 where it should be 2.0000");
  expect(png, output).toBeDefined();
  expect(readFileSync(png!).subarray(1, 4).toString()).toBe("PNG");
  const svg = readFileSync(png!.replace(/\.png$/, ".svg"), "utf8");
  // a is wrong, and the first wrong node; the output of + is right.
  expect(svg).toMatch(/<g id="node-a" class="node wrong first-wrong">/);
  expect(svg).toMatch(/<g id="node-output" class="node right">/);
  expect(svg.match(/class="node wrong/g)).toHaveLength(1);
  // The wrong grad is marked with a sign as well as a colour.
  const a = svg.slice(svg.indexOf('id="node-a"'), svg.indexOf('id="node-output"'));
  expect(a).toContain("1.0000 ✘");
  expect(a).toContain("used 2×");
}, 60_000);

test("exercise 8 without the start token: the count table beside the correct one, the missing pair outlined", () => {
  const target = mutantTarget(
    "08-bigram-counts",
    "course/makemore-1/bigram-counts/mutants/bigram-missing-start",
    ["counts.ts"],
  );
  const { output, png } = show(8, target);
  expect(png, output).toBeDefined();
  const svg = readFileSync(png!.replace(/\.png$/, ".svg"), "utf8");
  const wrong = [...svg.matchAll(/class="wrong" data-row="(\d+)" data-column="(\d+)"/g)];
  expect(wrong.length).toBeGreaterThan(0);
  // Only row 0 (what follows the start token ".") can be missing.
  expect(wrong.every(([, row]) => row === "0")).toBe(true);
  expect(output).toMatch(
    /N differs from the correct one in \d+ of \d+ entries; the first is N\[0, \d+\] \(the pair "\./,
  );
}, 60_000);

test("the solution passes, so --show draws nothing", () => {
  const { output, png } = show(3, join(repoRoot, "solutions"));
  expect(output).toContain("Exercise 3 passed");
  expect(png).toBeUndefined();
  expect(existsSync(join(repoRoot, "solutions", "03-backward"))).toBe(true);
}, 60_000);

test("an input that is not a Value (a.mul(3) keeping the raw 3) is drawn and named", () => {
  const three = { data: 3, grad: 0, op: "", prev: [] };
  const a = { data: 2, grad: 0, op: "", prev: [] };
  const mine = { data: 6, grad: 0, op: "*", prev: [a, 3] };
  const correct = { data: 6, grad: 0, op: "*", prev: [{ ...a }, three] };
  const comparison = compareGraphs(
    { roots: [], values: { a, b: mine } },
    { roots: [], values: { a: correct.prev[0], b: correct } },
  );
  expect(comparison.firstWrong?.name).toBe("b");
  expect(firstWrongSentence(comparison)).toContain("its input 2 is 3.0000, not a Value");
  expect(comparisonDot(comparison, "")).toContain("(not a Value)");
});

test("a graph built another correct way (div as its own op, not mul and pow) is not marked wrong", () => {
  const node = (data: number, grad: number, op = "", prev: unknown[] = []) => ({
    data,
    grad,
    op,
    prev,
  });
  const [a, b] = [node(-0.5, 1 / 0.55), node(0.55, 0.5 / 0.55 ** 2)];
  const out = node(-0.5 / 0.55, 1, "/", [a, b]);
  const [ka, kb] = [node(-0.5, 1 / 0.55), node(0.55, 0.5 / 0.55 ** 2)];
  const inverse = node(1 / 0.55, -0.5, "**-1", [kb]);
  const kout = node(-0.5 / 0.55, 1, "*", [ka, inverse]);
  const comparison = compareGraphs(
    { roots: [out], values: { a, b, out } },
    { roots: [kout], values: { a: ka, b: kb, out: kout } },
  );
  expect(comparison.nodes.map((n) => n.name)).toEqual(["a", "b", "out"]);
  expect(comparison.firstWrong).toBeUndefined();
  // The same graph with b's gradient wrong: b is named, found by its name.
  b.grad = -0.5;
  expect(
    compareGraphs(
      { roots: [out], values: { a, b, out } },
      { roots: [kout], values: { a: ka, b: kb, out: kout } },
    ).firstWrong?.name,
  ).toBe("b");
});
