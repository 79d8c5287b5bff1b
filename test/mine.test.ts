/** `npm run train -- bigram --mine`: the learner's own parts make the run, stubs fall back. */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { repoRoot } from "#kit/paths.ts";
import { defaultDataDir } from "#reference/makemore/data.ts";

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
      /probabilities \(exercise 9\): the kit's; yours in \S+ is not written yet/,
    );
    expect(text).toContain("228146 bigrams");
    expect(text).toMatch(/2\.4540/);
    expect(text).toMatch(/2\.4546/);
    expect(text).toMatch(/mor\.\n\s+axx\.\n\s+minaymoryles\.\n\s+kondlaisah\.\n\s+anchshizarie\./);
    expect(cellCount(svg, ".a")).toBe(4410);
  }, 180_000);
});
