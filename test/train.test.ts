/** The reference runs print what the lecture prints and write their pictures. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { repoRoot } from "../graders/kit/paths.ts";
import { defaultDataDir } from "../reference/makemore/data.ts";

const out = mkdtempSync(join(tmpdir(), "gradlings-train-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function train(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "cli/train.ts", ...args, "--out", out],
    {
      cwd: repoRoot,
      env: { ...process.env, CI: "true", VITEST: "" },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { code: result.status, out: result.stdout + result.stderr };
}

const hasData = existsSync(process.env["GRADLINGS_NAMES"] ?? join(defaultDataDir, "names.txt"));

describe.skipIf(!hasData)("npm run train", () => {
  test("bigram prints the lecture's losses and names and writes the count table", () => {
    const { code, out: text } = train(["bigram"]);
    expect(code).toBe(0);
    expect(text).toMatch(/2\.4540/);
    expect(text).toMatch(/2\.4546/);
    expect(text).toMatch(/mor\.\n\s+axx\.\n\s+minaymoryles\.\n\s+kondlaisah\.\n\s+anchshizarie\./);
    expect(existsSync(join(out, "bigram-counts.png"))).toBe(true);
    expect(existsSync(join(out, "bigram-counts.svg"))).toBe(true);
  });
  test("neural-bigram trains with progress lines and samples", () => {
    const { code, out: text } = train(["neural-bigram", "--steps", "5"]);
    expect(code).toBe(0);
    expect(text).toMatch(/0\/5: loss 3\.7686/);
    expect(text).toMatch(/Five names from the network/);
  });
});

test("a usage error is one sentence and the usage, exit 2", () => {
  const { code, out: text } = train(["transformer"]);
  expect(code).toBe(2);
  expect(text).toMatch(/There is no model "transformer"/);
});
