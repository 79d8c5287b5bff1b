/**
 * `npm run train` fits an 80-column terminal: its lines are wrapped (progress lines cut) by
 * cli/lib/columns.ts, and every print of the train command goes through it. The runs
 * themselves are checked line by line in train.test.ts and mine.test.ts; the batchnorm run,
 * too long for npm test, is held to it by the source check here. Costs well under a second.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, test } from "vitest";
import { progressLine, wrapColumns } from "#cli/lib/columns.ts";
import { bold, dim } from "#cli/lib/render.ts";
import { repoRoot } from "#kit/paths.ts";

const width = (line: string) => [...stripVTControlCharacters(line)].length;

describe("wrapColumns", () => {
  test("leaves a line of 80 columns alone and wraps a longer one at its spaces, indented", () => {
    const exact = "x".repeat(80);
    expect(wrapColumns(exact)).toBe(exact);
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const lines = wrapColumns(words).split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(80);
    expect(lines.slice(1).every((l) => l.startsWith("  word"))).toBe(true);
    // Nothing lost: the words are all there, in order.
    expect(lines.join(" ").split(/\s+/).join(" ")).toBe(words);
  });

  test("counts only visible columns: colour codes are kept and cost nothing", () => {
    const header = `${bold("makemore part 3: the MLP with BatchNorm")}${dim(` · ${"12097 parameters ".repeat(8)}`)}`;
    const wrapped = wrapColumns(header);
    for (const line of wrapped.split("\n")) expect(width(line)).toBeLessThanOrEqual(80);
    const words = (text: string) => stripVTControlCharacters(text).split(/\s+/).filter(Boolean);
    expect(words(wrapped)).toEqual(words(header));
  });

  test("keeps a line's own indentation, and each of several lines is wrapped alone", () => {
    const text = `  ${"name ".repeat(30).trim()}\nshort`;
    const lines = wrapColumns(text).split("\n");
    expect(lines.at(-1)).toBe("short");
    for (const line of lines.slice(0, -1)) {
      expect(line.startsWith("  ")).toBe(true);
      expect(width(line)).toBeLessThanOrEqual(80);
    }
  });

  test("a progress line is cut to 80 columns, never wrapped", () => {
    const line = progressLine(`190000/200000: loss 2.1234 · ${"x".repeat(100)}`);
    expect(line).not.toContain("\n");
    expect(width(line)).toBe(80);
  });
});

/** The train command's files: each prints only through columns.ts. */
const printing = [
  "cli/train.ts",
  "cli/train-batchnorm.ts",
  "cli/train-backprop.ts",
  "cli/lib/mine.ts",
  "cli/lib/progress-bar.ts",
];

test.each(printing)(
  "%s prints only through columns.ts (say, progressLine, wrapColumns)",
  (file) => {
    const source = readFileSync(join(repoRoot, file), "utf8");
    // A console.log may print only a progress line, already cut to width.
    for (const call of source.matchAll(/console\.log\(([^;]*)\);/g))
      expect(call[1]!.trim(), `${file}: use say() to wrap`).toMatch(/^progressLine\(/);
    for (const call of source.matchAll(/console\.error\(([^;]*)\);/g))
      expect(call[1], file).toMatch(/^(wrapColumns\(|usage$)/);
    // Writes without a newline: a carriage return, clearing, or a line cut to width.
    for (const call of source.matchAll(/process\.stdout\.write\(([\s\S]*?)\);/g)) {
      const argument = call[1]!;
      if (!/progressLine\(|fitWidth\(/.test(argument))
        expect(argument.trim(), file).toMatch(
          /^"(\\r|\\u001b\[2K|\\x1b\[2K|\\u001b\[[0-9;]*[A-Za-z])*"$/,
        );
    }
  },
);

test("the usage of npm run train fits 80 columns", () => {
  const source = readFileSync(join(repoRoot, "cli/train.ts"), "utf8");
  const usage = /const usage = `([\s\S]*?)`;/.exec(source)![1]!;
  for (const line of usage.split("\n")) expect(width(line), line).toBeLessThanOrEqual(80);
});
