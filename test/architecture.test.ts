/**
 * The house's dependency rules, read from the code. Every .ts file's imports are collected
 * (static `import` and `export ... from`, `import type` included, and `import("...")`),
 * resolved through relative paths and package.json's "#x/*" imports, and held to the rules:
 * no import cycle inside reference/ (type-only ones count too); reference/ imports nothing of
 * the rest; kit/ never imports course/ or cli/, course/ never imports cli/; exercises/ and
 * solutions/ import only reference/ and their own exercise's folder. Node's built-ins and npm
 * packages are outside these rules.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "..");
/** Folders that hold no source of the project's own. */
const skipped = new Set([".git", ".gradlings", "build", "data", "node_modules", "out"]);

// ——— reading imports ———

type Token = { kind: "word" | "string" | "punct"; text: string };

const identifierStart = /[A-Za-z_$]/;
const identifierPart = /[\w$]/;
/** After these words a `/` starts a regular expression, not a division. */
const beforeExpression = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new"]);

/**
 * The tokens of a TypeScript source, enough to find its imports: words, string literals (with
 * their values) and punctuation. Comments, regular expressions and template literals are
 * skipped (a template's `${...}` code is scanned), so an import written in a comment or a
 * string is never taken for one.
 */
function tokens(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  /** Braces opened inside each template expression being scanned (`${` starts one). */
  const templates: number[] = [];

  const skipTemplateText = (): void => {
    // From just after ` or }, to the closing ` or the next ${.
    while (i < source.length) {
      const c = source[i]!;
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        return;
      } else if (c === "$" && source[i + 1] === "{") {
        i += 2;
        templates.push(0);
        return;
      } else i++;
    }
  };

  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (/\s/.test(c)) i++;
    else if (c === "/" && next === "/") while (i < source.length && source[i] !== "\n") i++;
    else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === '"' || c === "'") {
      let value = "";
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === "\\") i++;
        value += source[i] ?? "";
        i++;
      }
      i++;
      out.push({ kind: "string", text: value });
    } else if (c === "`") {
      i++;
      skipTemplateText();
      out.push({ kind: "string", text: "" });
    } else if (c === "}" && templates.length > 0 && templates[templates.length - 1] === 0) {
      templates.pop();
      i++;
      skipTemplateText();
    } else if (c === "/" && startsRegex(out[out.length - 1])) {
      i = endOfRegex(source, i);
      out.push({ kind: "string", text: "" });
    } else if (identifierStart.test(c) || /\d/.test(c)) {
      const start = i;
      while (i < source.length && identifierPart.test(source[i]!)) i++;
      out.push({ kind: "word", text: source.slice(start, i) });
    } else {
      if (templates.length > 0) {
        if (c === "{") templates[templates.length - 1]!++;
        if (c === "}") templates[templates.length - 1]!--;
      }
      out.push({ kind: "punct", text: c });
      i++;
    }
  }
  return out;
}

function startsRegex(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === "word") return beforeExpression.has(previous.text);
  if (previous.kind === "string") return false;
  return !")]}".includes(previous.text);
}

/** Where a regular expression literal starting at `start` ends (after its flags). */
function endOfRegex(source: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < source.length && source[i] !== "\n") {
    const c = source[i]!;
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) break;
    i++;
  }
  i++;
  while (i < source.length && identifierPart.test(source[i]!)) i++;
  return i;
}

/** The module specifiers a source imports: `import ... from`, `import "x"`, `export ... from`, `import("x")`. */
function importsOf(source: string): string[] {
  const t = tokens(source);
  const found: string[] = [];
  const isWord = (k: number, text: string) => t[k]?.kind === "word" && t[k]!.text === text;
  const isPunct = (k: number, text: string) => t[k]?.kind === "punct" && t[k]!.text === text;
  /** The specifier after `from`, scanning on from k to the end of the statement. */
  const fromClause = (k: number): string | null => {
    for (let j = k; j < t.length && !isPunct(j, ";"); j++) {
      if (isWord(j, "from") && t[j + 1]?.kind === "string") return t[j + 1]!.text;
      if (t[j]!.kind === "string") return null;
    }
    return null;
  };
  for (let k = 0; k < t.length; k++) {
    if (isPunct(k - 1, ".")) continue; // a property named import or export
    if (isWord(k, "import")) {
      if (isPunct(k + 1, "(") && t[k + 2]?.kind === "string") found.push(t[k + 2]!.text);
      else if (t[k + 1]?.kind === "string") found.push(t[k + 1]!.text);
      else if (!isPunct(k + 1, "(") && !isPunct(k + 1, ".")) {
        const specifier = fromClause(k + 1);
        if (specifier !== null) found.push(specifier);
      }
    } else if (isWord(k, "export")) {
      const start = isWord(k + 1, "type") ? k + 2 : k + 1;
      if (isPunct(start, "{") || isPunct(start, "*")) {
        const specifier = fromClause(start);
        if (specifier !== null) found.push(specifier);
      }
    }
  }
  return found;
}

// ——— the project's files and where their imports lead ———

/** Every .ts file of the project, as a path relative to the root with forward slashes. */
function projectFiles(folder = root): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...projectFiles(path));
    else if (entry.name.endsWith(".ts")) files.push(relative(root, path).split(sep).join("/"));
  }
  return files;
}

const packageImports = (
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    imports: Record<string, string>;
  }
).imports;

/**
 * The project file a specifier names (relative to the root), "external" for Node's built-ins
 * and npm packages, or null when it names a file of the project that does not exist.
 */
function resolveImport(file: string, specifier: string): string | "external" | null {
  let target: string;
  if (specifier.startsWith("./") || specifier.startsWith("../"))
    target = resolve(root, dirname(file), specifier);
  else if (specifier.startsWith("#")) {
    const key = Object.keys(packageImports).find((pattern) =>
      pattern.endsWith("*") ? specifier.startsWith(pattern.slice(0, -1)) : specifier === pattern,
    );
    if (!key) return null;
    const mapped = packageImports[key]!;
    const rest = key.endsWith("*") ? specifier.slice(key.length - 1) : "";
    target = resolve(root, mapped.replace("*", rest));
  } else return "external";
  return existsSync(target) ? relative(root, target).split(sep).join("/") : null;
}

interface Edge {
  from: string;
  to: string;
  specifier: string;
}

function importGraph(): { edges: Edge[]; unresolved: string[] } {
  const edges: Edge[] = [];
  const unresolved: string[] = [];
  for (const file of projectFiles()) {
    for (const specifier of importsOf(readFileSync(join(root, file), "utf8"))) {
      const to = resolveImport(file, specifier);
      if (to === null) unresolved.push(`${file} imports "${specifier}", which is no file`);
      else if (to !== "external") edges.push({ from: file, to, specifier });
    }
  }
  return { edges, unresolved };
}

/** The import cycles among `files`, each named as a path that comes back to its start. */
function cycles(edges: readonly Edge[], inside: (file: string) => boolean): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges)
    if (inside(from) && inside(to)) next.set(from, [...(next.get(from) ?? []), to]);
  // Depth-first, in a fixed order: a file on the current path imported again closes a cycle.
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string): void => {
    path.push(file);
    onPath.add(file);
    for (const to of [...(next.get(file) ?? [])].sort()) {
      if (onPath.has(to)) found.push([...path.slice(path.indexOf(to)), to]);
      else if (!done.has(to)) visit(to);
    }
    path.pop();
    onPath.delete(file);
    done.add(file);
  };
  for (const file of [...next.keys()].sort()) if (!done.has(file)) visit(file);
  return found;
}

const folderOf = (file: string) => file.split("/")[0]!;
/** exercises/08-bigram-counts/counts.ts → exercises/08-bigram-counts */
const exerciseOf = (file: string) => file.split("/").slice(0, 2).join("/");

function describeEdge({ from, specifier }: Edge): string {
  return `${from} imports "${specifier}"`;
}

// ——— the rules ———

describe("reading imports", () => {
  test("static, type-only, side-effect, re-exporting and dynamic imports; none in comments or strings", () => {
    const source = [
      'import { a, type B } from "./a.ts";',
      'import type { C } from "#reference/c.ts";',
      'import * as d from "node:fs";',
      'import "./side-effect.ts";',
      "import {\n  e,\n  f,\n} from './multi-line.ts';",
      'export { g } from "./g.ts";',
      'export type { H } from "./h.ts";',
      'export * from "./star.ts";',
      'export * as ns from "./namespace.ts";',
      'const lazy = await import("./lazy.ts");',
      'type T = typeof import("./type-query.ts");',
      '// import { x } from "./in-a-comment.ts";',
      '/* export * from "./in-a-block-comment.ts"; */',
      "const s = 'import { y } from \"./in-a-string.ts\";';",
      'const t = `import \u0024{"z"} from "./in-a-template.ts"`;', // \u0024 is $
      'const r = /import "\\.\\/in-a-regex.ts"/;',
      "export function from() {}",
      "const m = import.meta.dirname;",
      'export const q = { import: "./a-property.ts" };',
    ].join("\n");
    expect(importsOf(source)).toEqual([
      "./a.ts",
      "#reference/c.ts",
      "node:fs",
      "./side-effect.ts",
      "./multi-line.ts",
      "./g.ts",
      "./h.ts",
      "./star.ts",
      "./namespace.ts",
      "./lazy.ts",
      "./type-query.ts",
    ]);
  });

  test("a cycle is named by its files, in order", () => {
    const edges = [
      ["reference/a.ts", "reference/b.ts"],
      ["reference/b.ts", "reference/c.ts"],
      ["reference/c.ts", "reference/a.ts"],
      ["reference/c.ts", "reference/d.ts"],
    ].map(([from, to]) => ({ from: from!, to: to!, specifier: to! }));
    expect(cycles(edges, () => true)).toEqual([
      ["reference/a.ts", "reference/b.ts", "reference/c.ts", "reference/a.ts"],
    ]);
  });
});

describe("the dependency rules", () => {
  const { edges, unresolved } = importGraph();

  test("every import of a project file resolves to a file", () => {
    expect(unresolved).toEqual([]);
    expect(edges.length).toBeGreaterThan(100); // the scan found the project's imports
  });

  test("reference/ has no import cycle, type-only imports included", () => {
    const found = cycles(edges, (file) => folderOf(file) === "reference");
    expect(found.map((cycle) => `import cycle: ${cycle.join(" → ")}`)).toEqual([]);
  });

  test("reference/ imports nothing outside reference/", () => {
    const outside = edges.filter(
      (e) => folderOf(e.from) === "reference" && folderOf(e.to) !== "reference",
    );
    expect(outside.map(describeEdge)).toEqual([]);
  });

  test("kit/ imports neither course/ nor cli/, and course/ does not import cli/", () => {
    const forbidden: Record<string, string[]> = { kit: ["course", "cli"], course: ["cli"] };
    const wrong = edges.filter((e) => forbidden[folderOf(e.from)]?.includes(folderOf(e.to)));
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  test("exercises/ and solutions/ import only reference/ and their own exercise's folder", () => {
    const wrong = edges.filter(
      (e) =>
        (folderOf(e.from) === "exercises" || folderOf(e.from) === "solutions") &&
        folderOf(e.to) !== "reference" &&
        exerciseOf(e.to) !== exerciseOf(e.from),
    );
    expect(wrong.map(describeEdge)).toEqual([]);
  });
});
