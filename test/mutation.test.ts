/**
 * The mutation generator behind `npm run mutation` (cli/lib/mutation/): it makes every kind of
 * mutant on a small file without moving a line, and every listed equivalent is one it makes.
 * Its parameter-constant variants of every solution are graded in parameter-variants.test.ts;
 * the whole run is slow and stays outside npm test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generateMutants, mutantKinds } from "#cli/lib/mutation/generate.ts";
import { curriculum } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";

const small = `export function scale(xs: readonly number[], by = 2, keep = true): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (keep && xs[i]! > 0) out.push(xs[i]! * by);
  }
  return out.map((x) => Math.max(x, 1));
}
`;

describe("the generator", () => {
  const mutants = generateMutants([{ file: "scale.ts", text: small }]);

  test("makes every kind of mutant, each a different file", () => {
    expect(new Set(mutants.map((m) => m.kind))).toEqual(new Set(mutantKinds));
    expect(new Set(mutants.map((m) => m.source)).size).toBe(mutants.length);
    expect(mutants.every((m) => m.source !== small)).toBe(true);
  });

  test("keeps every line where it was, so that a survivor's line is the solution's", () => {
    const lines = small.split("\n").length;
    for (const m of mutants) expect(m.source.split("\n").length, m.change).toBe(lines);
  });

  test("makes the changes a learner's slip would", () => {
    const changes = mutants.map((m) => m.change);
    for (const expected of [
      "`*` → `/`",
      "`>` → `>=`",
      "`0` → `1`",
      "`true` → `false`",
      "`max` → `min`",
      "`x, 1` → `1, x`",
      "statement left out: `if (keep && xs[i]! > 0) out.push(xs[i]! * by);`",
      "`by` fixed to the first value it was called with",
      "`by` always its default (2)",
    ])
      expect(changes).toContain(expected);
  });
});

test("every listed equivalent mutant is one the generator makes now, with its reason", () => {
  const listed = JSON.parse(
    readFileSync(join(repoRoot, "course", "mutation-equivalents.json"), "utf8"),
  ) as Record<
    string,
    { file: string; line: number; column: number; change: string; reason: string }[]
  >;
  const slugs = Object.keys(listed);
  const exercises = curriculum.filter((e) => slugs.includes(e.slug));
  expect(exercises.map((e) => e.slug).sort()).toEqual([...slugs].sort());
  const sources = exercises.flatMap((e) =>
    e.files.map((file) => ({
      file: `${e.slug}/${file}`,
      text: readFileSync(join(repoRoot, "solutions", e.slug, file), "utf8"),
    })),
  );
  const made = generateMutants(sources);
  for (const [slug, entries] of Object.entries(listed))
    for (const entry of entries) {
      const what = `${slug}/${entry.file}:${entry.line}:${entry.column} ${entry.change}`;
      expect(entry.reason.length, what).toBeGreaterThan(40);
      expect(
        made.some(
          (m) =>
            m.file === `${slug}/${entry.file}` &&
            m.line === entry.line &&
            m.column === entry.column &&
            m.change === entry.change,
        ),
        what,
      ).toBe(true);
    }
});
