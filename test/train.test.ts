/** The reference runs print what the lecture prints and write their pictures. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { repoRoot } from "../graders/kit/paths.ts";
import { defaultDataDir } from "../reference/makemore/data.ts";
import { lectureSizes, mlpStepFlops } from "../reference/makemore/mlp.ts";

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
  test("mlp --quick trains, prints its speed beside the machine's peak, and draws three pictures", () => {
    const { code, out: text } = train(["mlp", "--quick"]);
    expect(code).toBe(0);
    expect(text).toMatch(/20000 steps in [\d.]+ s \(\d+ steps\/s\)/);
    expect(text).toMatch(
      /[\d.]+ GFLOP\/s, \d+% of this machine's measured peak of [\d.]+ GFLOP\/s/,
    );
    expect(text).toMatch(/train loss 2\.\d{4} · dev loss 2\.\d{4}/);
    for (const picture of ["mlp-loss", "mlp-learning-rate", "mlp-embedding"])
      expect(existsSync(join(out, `${picture}.png`))).toBe(true);
  });
});

test("one training step of the lecture's MLP is 2,250,642 floating-point operations", () => {
  // Matrix products: 3 · (2·32·30·200 + 2·32·200·27); the rest is elementwise.
  expect(mlpStepFlops(lectureSizes)).toEqual({ total: 2_250_642, matmul: 2_188_800 });
});

test("a usage error is one sentence and the usage, exit 2", () => {
  const { code, out: text } = train(["transformer"]);
  expect(code).toBe(2);
  expect(text).toMatch(/There is no model "transformer"/);
});
