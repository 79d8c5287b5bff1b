/**
 * Pictures go to out/ (git-ignored), never to the repository's root or a lesson's folder:
 * every picture a file of the kit or a lesson writes by name is named under out/.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "#kit/paths.ts";

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
  cwd: repoRoot,
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => /\.(ts|md)$/.test(f) && !f.startsWith("test/"));

/** Every `writeFileSync("….png" | "….svg", …)` with the path written out, where it is. */
function pictureWrites(): { file: string; path: string }[] {
  const writes: { file: string; path: string }[] = [];
  for (const file of files) {
    const text = readFileSync(join(repoRoot, file), "utf8");
    // A template that starts with a variable (`${base}.png`) is a path built elsewhere, not
    // one written by name: those files build it with join(…, "out", …).
    for (const match of text.matchAll(/writeFile(?:Sync)?\(\s*["'`]([^"'`]+\.(?:png|svg))["'`]/g))
      if (!match[1]!.startsWith("${")) writes.push({ file, path: match[1]! });
  }
  return writes;
}

test("every picture written by name is written under out/", () => {
  const writes = pictureWrites();
  // The lessons show how to draw one's own graph: the scan must see those writes.
  expect(writes.some((w) => w.file.startsWith("exercises/"))).toBe(true);
  expect(writes.filter((w) => !w.path.startsWith("out/"))).toEqual([]);
});

test("no picture is committed outside docs/", () => {
  const tracked = execFileSync("git", ["ls-files", "*.png", "*.svg"], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => f !== "" && !f.startsWith("docs/"));
  expect(tracked).toEqual([]);
});

test("npm run train draws into out/ unless told otherwise", () => {
  const train = readFileSync(join(repoRoot, "cli", "train.ts"), "utf8");
  expect(train).toMatch(/out: "out"/);
});
