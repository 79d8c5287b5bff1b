/**
 * One name per mistake: the registry (course/mistakes.ts), the graders' `mistake: "..."` and the
 * mutants' folders spell each mistake the same way, and every registered mistake has a mutant
 * that makes it. (Whether each grader catches its mutants is graders-suite.ts's business.)
 */
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { mistakes } from "#course/mistakes.ts";
import { walk } from "#kit/manifest.ts";
import { listAlternatives, listMutants, type Variant } from "#kit/mutants.ts";
import { repoRoot } from "#kit/paths.ts";

const registered: readonly string[] = Object.keys(mistakes);
const mutants = (await Promise.all(curriculum.map((e) => listMutants(e)))).flat();
const alternatives = (await Promise.all(curriculum.map((e) => listAlternatives(e)))).flat();
const kebabCase = /^[a-z0-9]+(-[a-z0-9]+)*$/;

test("every mistake id is kebab-case, with a one-line description", () => {
  for (const [id, description] of Object.entries(mistakes)) {
    expect(id, id).toMatch(kebabCase);
    expect(description.trim().length, id).toBeGreaterThan(0);
    expect(description, id).not.toContain("\n");
  }
});

test("every registered mistake has at least one mutant", () => {
  const made = new Set<string>(mutants.map((m) => m.mistake));
  expect(registered.filter((id) => !made.has(id))).toEqual([]);
});

test("every mutant is named by a registered mistake (a second of the same one by <id>.2, ...)", () => {
  expect(mutants.length).toBeGreaterThan(0);
  for (const mutant of mutants) {
    const where = `${mutant.slug}: mutants/${mutant.name}`;
    expect(registered, where).toContain(mutant.mistake);
    if (mutant.name === mutant.mistake) continue;
    const n = Number(mutant.name.slice(mutant.mistake.length + 1));
    expect(Number.isInteger(n) && n >= 2, where).toBe(true);
    const previous = n === 2 ? mutant.mistake : `${mutant.mistake}.${n - 1}`;
    expect(
      mutants.some((m) => m.slug === mutant.slug && m.name === previous),
      `${where} comes after ${previous}`,
    ).toBe(true);
  }
});

test("every alternative's name is kebab-case", () => {
  for (const alternative of alternatives) expect(alternative.name).toMatch(kebabCase);
});

test.each([...mutants, ...alternatives].map((v) => [`${v.slug} ${v.kind}/${v.name}`, v] as const))(
  "%s differs from the solution in every file it holds",
  (_name, variant: Variant) => {
    for (const file of variant.files) {
      const solution = readFileSync(join(repoRoot, "solutions", variant.slug, file), "utf8");
      expect(readFileSync(join(variant.folder, file), "utf8"), file).not.toBe(solution);
    }
  },
);

test("every mistake a grader names is registered", () => {
  // tsc checks this too (fail's `mistake` is typed by the registry); this reads the source, so it
  // also covers ids that reach a check by some untyped route.
  // Every course file but the registry itself and the variants (whose code is a learner's).
  const sources = walk(join(repoRoot, "course"), (p) => p.endsWith(".ts")).filter(
    (p) =>
      p !== join(repoRoot, "course", "mistakes.ts") && !/[/\\](mutants|alternatives)[/\\]/.test(p),
  );
  const named: { id: string; where: string }[] = [];
  for (const path of sources) {
    const text = readFileSync(path, "utf8");
    // `mistake: "id"` and `mistake: cond ? "a" : "b"`: every string literal up to the next , or }.
    for (const [, expression] of text.matchAll(/\bmistake:\s*([^,}]+)/g)) {
      for (const [, id] of expression!.matchAll(/"([^"]*)"/g))
        named.push({ id: id!, where: relative(repoRoot, path).split(sep).join("/") });
    }
  }
  expect(named.length).toBeGreaterThan(0);
  for (const { id, where } of named) expect(registered, `"${id}" in ${where}`).toContain(id);
});
