/** The playground: `npm run try` runs the example, with the words, the learner's functions and pictures. */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { repoRoot } from "#kit/paths.ts";
import { defaultDataDir } from "#reference/makemore/data.ts";

const home = mkdtempSync(join(tmpdir(), "gradlings-playground-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const hasData = existsSync(process.env["GRADLINGS_NAMES"] ?? join(defaultDataDir, "names.txt"));

function tryExample(target: string, out: string) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "cli/try.ts", "playground/example.ts"],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        CI: "true",
        NO_COLOR: "1",
        GRADLINGS_TARGET: target,
        GRADLINGS_OUT: out,
        VITEST: "",
      },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { code: result.status, text: result.stdout + result.stderr };
}

const pictures = ["bigram-counts", "tanh-of-1-000-normal-samples", "a-made-up-loss-curve"];

describe.skipIf(!hasData)("npm run try", () => {
  test("the example runs with your functions, and writes its three pictures to out/", () => {
    const out = join(home, "out-solved");
    const { code, text } = tryExample(join(repoRoot, "solutions"), out);
    expect(code, text).toBe(0);
    expect(text).toContain("32033 names; the first three: emma, olivia, ava");
    expect(text).not.toContain("todo()");
    for (const name of pictures) {
      expect(text).toContain(`${name}: `);
      expect(
        readFileSync(join(out, `${name}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe("PNG");
    }
    // imshow wrote the real table: ".a" follows the start token 4,410 times.
    expect(readFileSync(join(out, "bigram-counts.svg"), "utf8")).toMatch(/>4410</);
  }, 120_000);

  test("with the exercises still stubs, the kit's functions stand in, and each says so", () => {
    const target = join(home, "stubs");
    for (const slug of ["07-vocabulary", "08-bigram-counts"]) {
      mkdirSync(join(target, slug), { recursive: true });
      cpSync(join(repoRoot, "exercises", slug), join(target, slug), { recursive: true });
    }
    const { code, text } = tryExample(target, join(home, "out-stubs"));
    expect(code, text).toBe(0);
    expect(text).toMatch(/vocabulary \(exercise 7\): yours stops at a todo\(\)/);
    expect(text).toMatch(/countBigrams \(exercise 8\): yours stops at a todo\(\)/);
  }, 120_000);
});
