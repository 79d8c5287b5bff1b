/**
 * `npm run train -- bigram --mine`: the learner's own parts make the run, stubs fall back.
 * `batchnorm --mine`: the learner's parts of exercises 21 to 24 make the model, and a stub
 * refuses the run (a spawn that ends before any work, and short runs in this process: a few
 * CPU seconds).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type BatchNormMineParts, batchNormPartsFor } from "#cli/lib/mine.ts";
import { kitRun, mineRun, type RunParts } from "#cli/train-batchnorm.ts";
import * as evalBatchStatistics from "#course/makemore-3/batchnorm-by-hand/mutants/eval-batch-statistics/batchnorm.ts";
import { repoRoot } from "#kit/paths.ts";
import { defaultDataDir, loadWords } from "#reference/makemore/data.ts";
import { buildDataset } from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Generator } from "#reference/tensor/index.ts";
import * as solution21 from "#solutions/21-init-loss/init-loss.ts";
import * as solution22 from "#solutions/22-kaiming-init/kaiming-init.ts";
import * as solution23 from "#solutions/23-batchnorm-by-hand/batchnorm.ts";
import * as solution24 from "#solutions/24-modules/modules.ts";

const home = mkdtempSync(join(tmpdir(), "gradlings-mine-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const hasData = existsSync(process.env["GRADLINGS_NAMES"] ?? join(defaultDataDir, "names.txt"));

/**
 * A learner's folder, copied to a temporary place (the repository's exercises/ is never
 * touched): `from` says where each exercise's files come from.
 */
function learnerFolder(name: string, from: Record<string, string>): string {
  const root = join(home, name);
  for (const [slug, source] of Object.entries(from)) {
    mkdirSync(join(root, slug), { recursive: true });
    cpSync(join(repoRoot, source), join(root, slug), { recursive: true });
  }
  return root;
}

function trainMine(target: string) {
  const out = join(target, "out");
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "cli/train.ts", "bigram", "--mine", "--out", out],
    {
      cwd: repoRoot,
      env: { ...process.env, CI: "true", NO_COLOR: "1", GRADLINGS_TARGET: target, VITEST: "" },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return {
    code: result.status,
    text: result.stdout + result.stderr,
    svg: readFileSync(join(out, "bigram-counts.svg"), "utf8"),
  };
}

/** The count the heatmap writes in the cell of `pair`. */
function cellCount(svg: string, pair: string): number {
  const match = new RegExp(`>${pair.replace(".", "\\.")}</text>\\s*<text[^>]*>(\\d+)<`).exec(svg);
  return Number(match?.[1]);
}

describe.skipIf(!hasData)("npm run train -- bigram --mine", () => {
  test("a count table without the start token is the table drawn, and the losses are its own", () => {
    const target = learnerFolder("broken", {
      "07-vocabulary": "solutions/07-vocabulary",
      "08-bigram-counts": "course/makemore-1/bigram-counts/mutants/bigram-missing-start",
      "09-sampling": "solutions/09-sampling",
      "10-likelihood": "solutions/10-likelihood",
    });
    const { code, text, svg } = trainMine(target);
    expect(code, text).toBe(0);
    expect(text).toMatch(/countBigrams \(exercise 8\): yours/);
    // 32,033 fewer bigrams: one start token per name.
    expect(text).toContain("196113 bigrams");
    expect(text).not.toContain("2.4546");
    expect(cellCount(svg, ".a")).toBe(0);
    expect(cellCount(svg, "an")).toBe(5438);
  }, 180_000);

  test("a correct table gives the lecture's numbers; a part still a stub is the kit's, and says so", () => {
    const target = learnerFolder("correct", {
      "07-vocabulary": "solutions/07-vocabulary",
      "08-bigram-counts": "solutions/08-bigram-counts",
      "09-sampling": "exercises/09-sampling",
      "10-likelihood": "solutions/10-likelihood",
    });
    const { code, text, svg } = trainMine(target);
    expect(code, text).toBe(0);
    expect(text).toMatch(/countBigrams \(exercise 8\): yours/);
    expect(text).toMatch(
      /probabilities \(exercise 9\): the kit's; yours in\s+\S+\s+is\s+not\s+written\s+yet/,
    );
    expect(text).toContain("228146 bigrams");
    expect(text).toMatch(/2\.4540/);
    expect(text).toMatch(/2\.4546/);
    expect(text).toMatch(/mor\.\n\s+axx\.\n\s+minaymoryles\.\n\s+kondlaisah\.\n\s+anchshizarie\./);
    expect(cellCount(svg, ".a")).toBe(4410);
  }, 180_000);
});

/** Spawns `npm run train -- batchnorm --mine` on a learner's folder (refusals end before any work). */
function trainBatchNormMine(target: string) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "cli/train.ts", "batchnorm", "--mine", "--out", join(target, "out")],
    {
      cwd: repoRoot,
      env: { ...process.env, CI: "true", NO_COLOR: "1", GRADLINGS_TARGET: target, VITEST: "" },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { code: result.status, text: result.stdout + result.stderr };
}

describe("npm run train -- batchnorm --mine", () => {
  test("a part still a stub refuses the run in one sentence that names it", () => {
    const target = learnerFolder("batchnorm-stub", {
      "21-init-loss": "solutions/21-init-loss",
      "22-kaiming-init": "solutions/22-kaiming-init",
      "23-batchnorm-by-hand": "exercises/23-batchnorm-by-hand",
      "24-modules": "solutions/24-modules",
    });
    const { code, text } = trainBatchNormMine(target);
    expect(code, text).toBe(1);
    const sentence = text.trim().replace(/\s+/g, " ");
    expect(sentence).toMatch(
      /^--mine for batchnorm needs your parts from exercises 21 to 24, and initBatchNorm \(exercise 23\) in \S+batchnorm\.ts is not written yet: finish it \(npm run exercise 23\), or run without --mine\.$/,
    );
    for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  }, 180_000);

  test("the learner's parts are announced as theirs, one line per exercise", async () => {
    const lines: string[] = [];
    const saved = process.env["GRADLINGS_TARGET"];
    process.env["GRADLINGS_TARGET"] = "solutions";
    try {
      const parts = await batchNormPartsFor((line) => lines.push(line));
      expect(Object.keys(parts).sort()).toEqual(
        [
          "BatchNorm1d",
          "Linear",
          "Tanh",
          "batchNorm",
          "deepNetwork",
          "expectedInitialLoss",
          "forward",
          "gain",
          "initBatchNorm",
          "kaimingInit",
          "kaimingStd",
        ].sort(),
      );
    } finally {
      if (saved === undefined) delete process.env["GRADLINGS_TARGET"];
      else process.env["GRADLINGS_TARGET"] = saved;
    }
    for (const n of [21, 22, 23, 24])
      expect(lines.join("\n")).toMatch(new RegExp(`\\(exercise ${n}\\): yours, from`));
  });
});

describe.skipIf(!hasData)("the batchnorm run made of the learner's parts", () => {
  /** The solutions' parts, with exercise 23's file swapped for `batchnormFile`'s. */
  const partsWith = (batchnorm: Record<string, unknown>): BatchNormMineParts =>
    ({
      ...solution21,
      ...solution22,
      ...batchnorm,
      ...solution24,
    }) as unknown as BatchNormMineParts;

  /** 30 steps on 300 names from the run's seed, then the loss on them with running statistics. */
  async function shortRun(run: RunParts) {
    const words = loadWords().slice(0, 300);
    const { X, Y } = buildDataset(words, vocabulary(words).stoi, 3);
    const g = new Generator().manualSeed(2147483647);
    const model = run.model(g);
    const losses = await model.train(X, Y, g, { steps: 30, learningRate: () => 0.1 });
    const deep = run.deep(new Generator().manualSeed(2147483647));
    return { losses, split: model.splitLoss(X, Y), count: count(model.parameters), deep };
  }
  const count = (ts: readonly { numel(): number }[]) => ts.reduce((n, t) => n + t.numel(), 0);

  test("the solutions' parts train as the kit's run does, and their deep network is the lecture's", async () => {
    const kit = await shortRun(kitRun);
    const mine = await shortRun(mineRun(partsWith(solution23)));
    expect(mine.count).toBe(12_097);
    expect(mine.losses[0]).toBeCloseTo(kit.losses[0]!, 4);
    for (const [i, loss] of mine.losses.entries())
      expect(loss, `step ${i}`).toBeCloseTo(kit.losses[i]!, 3);
    expect(mine.split).toBeCloseTo(kit.split, 3);
    expect(count(mine.deep.parameters)).toBe(47_024);
    expect(mine.deep.layers.filter((l) => l.name === "Tanh")).toHaveLength(5);
  }, 60_000);

  test("a mistake in the learner's BatchNorm shows in the run: evaluation with the batch's statistics", async () => {
    const kit = await shortRun(kitRun);
    const mistaken = await shortRun(mineRun(partsWith(evalBatchStatistics)));
    // Training is the same; the split loss, which should use the running estimates, is not.
    for (const [i, loss] of mistaken.losses.entries())
      expect(loss, `step ${i}`).toBeCloseTo(kit.losses[i]!, 3);
    expect(Math.abs(mistaken.split - kit.split)).toBeGreaterThan(0.01);
  }, 60_000);
});
