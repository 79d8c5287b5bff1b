/** npm run data -- --from FILE: a verified copy in data/, or one sentence and nothing copied. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { keepVerifiedCopy } from "#cli/lib/names-copy.ts";
import { repoRoot } from "#kit/paths.ts";
import { DataError, sha256 } from "#reference/makemore/data.ts";

const home = mkdtempSync(join(tmpdir(), "gradlings-names-copy-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const words = "emma\nolivia\nava\n";

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    const text = (error as Error).message;
    expect(text).not.toContain("\n");
    expect(text).toMatch(/\.$/);
    return text;
  }
  throw new Error("expected a DataError");
}

test("a file with the right checksum replaces the copy in data/ whole", () => {
  const dataDir = join(home, "data-ok");
  const from = join(home, "mine.txt");
  writeFileSync(from, words);
  const copy = keepVerifiedCopy(from, dataDir, sha256(words));
  expect(copy).toBe(join(dataDir, "names.txt"));
  expect(readFileSync(copy, "utf8")).toBe(words);
  // No temporary file is left beside it.
  expect(readdirSync(dataDir)).toEqual(["names.txt"]);
});

test("a wrong file is one sentence, and the copy already in data/ stays", () => {
  const dataDir = join(home, "data-kept");
  const good = join(home, "good.txt");
  writeFileSync(good, words);
  keepVerifiedCopy(good, dataDir, sha256(words));
  const wrong = join(home, "wrong.txt");
  writeFileSync(wrong, "emma\nolivia\n");
  expect(message(() => keepVerifiedCopy(wrong, dataDir, sha256(words)))).toMatch(
    /wrong\.txt is not names\.txt .* so nothing was copied/,
  );
  expect(readFileSync(join(dataDir, "names.txt"), "utf8")).toBe(words);
  expect(message(() => keepVerifiedCopy(join(home, "absent.txt"), dataDir))).toMatch(
    /There is no file at .*absent\.txt/,
  );
});

test("npm run data -- --from a wrong file exits 1 with its sentence; a typo gets a suggestion", () => {
  const wrong = join(home, "not-names.txt");
  writeFileSync(wrong, "hello\n");
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "cli/data.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, GRADLINGS_NAMES: "" },
      encoding: "utf8",
      timeout: 30_000,
    });
  const wrongRun = run(["--from", wrong]);
  expect(wrongRun.status).toBe(1);
  expect(wrongRun.stderr.trim().split("\n")).toHaveLength(1);
  expect(wrongRun.stderr).toMatch(/is not names\.txt/);
  const typo = run(["--form", wrong]);
  expect(typo.status).toBe(2);
  expect(typo.stderr).toMatch(/did you mean --from\?/);
});
