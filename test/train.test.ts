/** The reference runs print what the lecture prints and write their pictures. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { repoRoot } from "#kit/paths.ts";
import { defaultDataDir } from "#reference/makemore/data.ts";
import { lectureSizes, mlpStepFlops } from "#reference/makemore/mlp.ts";

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

/** Every line fits an 80-column terminal; only a lone path longer than that is left whole. */
function expectFits(text: string): void {
  for (const line of stripVTControlCharacters(text).split("\n"))
    if (!/^\s+\S+$/.test(line)) expect([...line].length, line).toBeLessThanOrEqual(80);
}

const hasData = existsSync(process.env["GRADLINGS_NAMES"] ?? join(defaultDataDir, "names.txt"));

describe.skipIf(!hasData)("npm run train", () => {
  test("bigram prints the lecture's losses and names and writes the count table", () => {
    const { code, out: text } = train(["bigram"]);
    expect(code).toBe(0);
    expectFits(text);
    expect(text).toMatch(/2\.4540/);
    expect(text).toMatch(/2\.4546/);
    expect(text).toMatch(/mor\.\n\s+axx\.\n\s+minaymoryles\.\n\s+kondlaisah\.\n\s+anchshizarie\./);
    expect(existsSync(join(out, "bigram-counts.png"))).toBe(true);
    expect(existsSync(join(out, "bigram-counts.svg"))).toBe(true);
  });
  test("neural-bigram trains with progress lines and samples", () => {
    const { code, out: text } = train(["neural-bigram", "--steps", "5"]);
    expect(code).toBe(0);
    expectFits(text);
    expect(text).toMatch(/0\/5: loss 3\.7686/);
    expect(text).toMatch(/Five names from the network/);
  });
  test("mlp --quick trains, prints its speed beside the measured peak, and draws three pictures", () => {
    const { code, out: text } = train(["mlp", "--quick"]);
    expect(code).toBe(0);
    expectFits(text);
    expect(text).toMatch(/20000 steps in [\d.]+ s \(\d+ steps\/s\)/);
    expect(text).toMatch(
      /[\d.]+ GFLOP\/s, \d+% of the peak WebAssembly reaches on this machine, [\d.]+ GFLOP\/s/,
    );
    expect(text).toMatch(/learning-rate sweep: 250 steps/);
    expect(text).toMatch(/train loss 2\.\d{4} · dev loss 2\.\d{4}/);
    for (const picture of ["mlp-loss", "mlp-learning-rate", "mlp-embedding"])
      expect(existsSync(join(out, `${picture}.png`))).toBe(true);
  });
  test("mlp, the full 200,000 steps: train and dev loss within 0.02 of the lecture's 2.1260 and 2.1701", () => {
    const { code, out: text } = train(["mlp"]);
    expect(code, text).toBe(0);
    expectFits(text);
    const losses = /train loss (\d\.\d{4}) · dev loss (\d\.\d{4})/.exec(text);
    expect(losses, text).not.toBeNull();
    expect(Math.abs(Number(losses![1]) - 2.126)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(Number(losses![2]) - 2.1701)).toBeLessThanOrEqual(0.02);
    expect(text).toMatch(/190000\/200000: loss/);
    expect(text).toMatch(/seed 2147483647/);
  });
  test("backprop trains with the manual backward: autograd's gradients at step 0, and PyTorch's first loss from the same start", () => {
    // PyTorch 1.13 from the same start (tools/backprop-run.py) prints 3.8034 at step 0.
    const { code, out: text } = train(["backprop", "--steps", "200"]);
    expect(code, text).toBe(0);
    expectFits(text);
    const diffs = /maxdiff:\s+(.*)/.exec(text)![1]!.split(" ");
    expect(diffs).toHaveLength(7);
    for (const entry of diffs) expect(Number(entry.split("=")[1])).toBeLessThan(1e-6);
    expect(text).toMatch(/ {2}0\/200: 3\.8034/);
    expect(text).toMatch(/200 steps in [\d.]+ s/);
    expect(text).toMatch(/train \d\.\d+\nval \d\.\d+/);
  });
});

test("one training step of the lecture's MLP is 2,250,642 floating-point operations", () => {
  // Matrix products: 3 · (2·32·30·200 + 2·32·200·27); the rest is elementwise.
  expect(mlpStepFlops(lectureSizes)).toEqual({ total: 2_250_642, matmul: 2_188_800 });
});

test("a usage error is one sentence and the usage, exit 2", () => {
  const { code, out: text } = train(["transformer"]);
  expect(code).toBe(2);
  expectFits(text);
  expect(text).toMatch(/There is no model "transformer"/);
});

test.each([
  [["mlp", "--steps", "0"], /--steps needs a whole number from 1 to 100,000,000, not "0"/],
  [["mlp", "--steps", "abc"], /--steps needs a whole number .*, not "abc"/],
  [["mlp", "--block-size", "0"], /--block-size needs a whole number from 1 to 64, not "0"/],
  [["mlp", "--embedding", "2.5"], /--embedding needs a whole number .*, not "2.5"/],
  [["mlp", "--hidden", "-3"], /--hidden needs a whole number .*, not "-3"/],
  [["mlp", "--seed"], /--seed needs a value/],
  [["mlp", "--fast"], /Unknown option --fast/],
])("train %j is refused in one sentence before any work, exit 2", (args, message) => {
  const { code, out: text } = train(args);
  expect(code).toBe(2);
  expectFits(text);
  expect(text).toMatch(message);
  expect(text).not.toMatch(/\n\s+at /); // no stack trace
});

function bench(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "cli/bench.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, VITEST: "" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, out: result.stdout + result.stderr };
}

test("npm run bench -- --quick --json prints its figures", () => {
  const { code, stdout } = bench([
    "--quick",
    "--json",
    "--runs",
    "1",
    "--steps",
    "50",
    "--no-torch",
  ]);
  expect(code).toBe(0);
  const figures = JSON.parse(stdout) as Record<string, number | string>;
  const gpt = figures["gpt"] as unknown as Record<string, number | string>;
  for (const key of ["medianStepsPerSecond", "effectiveGflops", "fractionOfPeak"])
    expect(gpt[key], `gpt.${key}`).toBeGreaterThan(0);
  expect(gpt["parameters"]).toBe(209_729);
  expect(gpt["torch"]).toBe("left out (--no-torch)");
  for (const key of [
    "medianStepsPerSecond",
    "projectedSecondsFor200k",
    "effectiveGflops",
    "peakGflops",
    "fractionOfPeak",
    "physicalLimitSecondsFor200k",
  ])
    expect(figures[key], key).toBeGreaterThan(0);
  expect(figures["flopsPerStep"]).toBe(2_250_642);
});

test("npm run bench refuses a bad option in one sentence, exit 2", () => {
  for (const [args, message] of [
    [["--steps", "abc"], /--steps needs a whole number from 1 to 1,000,000, not "abc"/],
    [["--frob"], /Unknown argument --frob/],
  ] as const) {
    const { code, out: text } = bench([...args]);
    expect(code).toBe(2);
    expect(text).toMatch(message);
    expect(text).not.toMatch(/\n\s+at /);
  }
});
