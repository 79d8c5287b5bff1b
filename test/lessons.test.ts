/**
 * Every name a lesson or a hint tells the learner to call exists as told: a function called in
 * the lesson's code (its code blocks and `code` spans) or in a hint is defined in that code,
 * imported or defined by the stub the learner starts from, or a JavaScript built-in; and every
 * import a lesson writes out names a module that exports it. A lesson that says
 * `crossEntropy(forward(p, Xb), Yb)` over a stub that imports neither cannot be followed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { curriculum } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";
import { Tensor } from "#reference/tensor/index.ts";

/** The code blocks of a lesson: code to write, every name in it must resolve. */
function blocksIn(markdown: string): string[] {
  return [...markdown.matchAll(/```(?:ts|typescript|js)\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Inline `code` spans (in a lesson's prose or a hint): short, often notation such as `f(x)`. */
function spansIn(markdown: string): string[] {
  const prose = markdown.replace(/```[a-z]*\n[\s\S]*?```/g, "");
  return [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** Every name the kit's modules and the solutions export: the functions a lesson can mean. */
function exportedNames(folder: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(folder, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    const source = readFileSync(join(folder, file), "utf8");
    for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|class)\s+([\w$]+)/g))
      names.add(m[1]!);
    for (const m of source.matchAll(/export\s+\{([^}]*)\}/g))
      for (const part of m[1]!.split(","))
        names.add(
          part
            .split(/\bas\b/)
            .pop()!
            .replace(/\btype\b/, "")
            .trim(),
        );
  }
  return names;
}

const kitNames = new Set([
  ...exportedNames(join(repoRoot, "reference")),
  ...exportedNames(join(repoRoot, "solutions")),
]);

/** Methods the stub's classes declare (`backward()` in a lesson means the method). */
function methodsOf(source: string): Set<string> {
  return new Set(
    [...source.matchAll(/^\s+(?:async\s+)?([\w$]+)\s*\([^)]*\)[^;{]*\{/gm)].map((m) => m[1]!),
  );
}

/** Functions called by name, not as methods: `crossEntropy(` yes, `.item(` no. */
function calledNames(code: string): string[] {
  const names: string[] = [];
  for (const m of code.matchAll(/(?<![.\w$])([A-Za-z_$][\w$]*)\(/g)) names.push(m[1]!);
  return names;
}

/** Names a piece of code binds itself: declarations, parameters of arrows, imports. */
function boundNames(code: string): Set<string> {
  const bound = new Set<string>();
  const add = (list: string) => {
    for (const part of list.split(",")) {
      const name = part
        .split(/\bas\b|:|=/)
        .pop()!
        .replace(/\btype\b/, "")
        .trim();
      if (/^[A-Za-z_$][\w$]*$/.test(name)) bound.add(name);
    }
  };
  for (const m of code.matchAll(/\b(?:const|let|var|function|class)\s+([A-Za-z_$][\w$]*)/g))
    bound.add(m[1]!);
  for (const m of code.matchAll(/\b(?:const|let|var)\s*[{[]([^}\]]*)[}\]]/g)) add(m[1]!);
  for (const m of code.matchAll(/\bimport\s+(?:type\s+)?\{([^}]*)\}/g)) add(m[1]!);
  for (const m of code.matchAll(/\bimport\s+\*\s+as\s+([A-Za-z_$][\w$]*)/g)) bound.add(m[1]!);
  for (const m of code.matchAll(/\bimport\s+([A-Za-z_$][\w$]*)\s+from/g)) bound.add(m[1]!);
  for (const m of code.matchAll(/\(([^()]*)\)\s*=>/g)) add(m[1]!);
  for (const m of code.matchAll(/\b([A-Za-z_$][\w$]*)\s*=>/g)) bound.add(m[1]!);
  return bound;
}

const keywords = new Set([
  ...["if", "for", "while", "switch", "return", "catch", "typeof", "function", "in", "of"],
]);
/** Names a lesson mentions as what not to call (exercise 17 writes out what crossEntropy fuses). */
const namedNotCalled: Record<string, readonly string[]> = {
  "17-cross-entropy": ["crossEntropy"],
};
/** `exp(x)` or `tanh(w·x + b)` in prose is mathematics; the learner writes `x.exp()`. */
const tensorMethods = new Set(Object.getOwnPropertyNames(Tensor.prototype));
const builtins = new Set(
  Object.getOwnPropertyNames(globalThis).concat(["require", "import", "super", "constructor"]),
);

describe.each(curriculum)("$slug", (exercise) => {
  const folder = join(repoRoot, "exercises", exercise.slug);
  const lesson = readFileSync(join(folder, "README.md"), "utf8");
  const stubs = exercise.files.map((f) => readFileSync(join(folder, f), "utf8")).join("\n");
  const inStub = boundNames(stubs);

  test("every function the lesson and the hints call is there to call", () => {
    const methods = methodsOf(stubs);
    const missing = new Set<string>();
    const look = (piece: string, strict: boolean) => {
      const own = boundNames(piece);
      for (const name of calledNames(piece)) {
        if (keywords.has(name) || builtins.has(name) || own.has(name) || inStub.has(name)) continue;
        if (methods.has(name) || namedNotCalled[exercise.slug]?.includes(name)) continue;
        // In prose, `f(x)` is notation; a name the kit exports is an instruction to call it.
        if (strict || (kitNames.has(name) && !tensorMethods.has(name))) missing.add(name);
      }
    };
    for (const block of blocksIn(lesson)) look(block, true);
    for (const span of [...spansIn(lesson), ...exercise.hints.flatMap((h) => [h, ...spansIn(h)])])
      look(span, false);
    expect(
      [...missing],
      `called in exercises/${exercise.slug}/README.md or its hints, but neither defined there nor imported by the stub`,
    ).toEqual([]);
  });

  test("every import the lesson writes out exists", async () => {
    for (const code of [...blocksIn(lesson), ...spansIn(lesson)]) {
      for (const m of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/g)) {
        const specifier = m[2]!;
        if (!specifier.startsWith("#reference/")) continue;
        const module = (await import(specifier)) as Record<string, unknown>;
        for (const part of m[1]!.split(",")) {
          const name = part
            .replace(/\btype\b/, "")
            .split(/\bas\b/)[0]!
            .trim();
          if (name === "" || part.includes("type ")) continue;
          expect(name in module, `${specifier} exports ${name} (lesson ${exercise.slug})`).toBe(
            true,
          );
        }
      }
    }
  });
});
