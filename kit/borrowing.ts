/**
 * Answers borrowed by import. A learner file that imports a solution, the reference module that
 * holds the exercise's answer, or the grading kit itself scores zero for that exercise, with a
 * sentence saying why. Two views agree: a static scan of the learner's files (scanLearnerFiles)
 * and what the import watch (import-watch.ts) saw them load and export at run time.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ExerciseSpec as Exercise } from "./exercise.ts";
import { walk } from "./manifest.ts";
import { displayPath, repoRoot } from "./paths.ts";

export interface Borrowing {
  /** The learner file, as shown to the learner. */
  readonly file: string;
  /** The import as written. */
  readonly specifier: string;
  /** The sentence the learner reads: why the exercise scored zero. */
  readonly message: string;
}

const codeExtensions = new Set([".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"]);

/** Source with comments blanked out (strings kept), so that commented-out imports do not count. */
export function stripComments(source: string): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === "\\" ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export interface ImportSite {
  readonly specifier: string;
  /** `import type` / `export type`, or named bindings that are all types: erased at run time. */
  readonly typeOnly: boolean;
}

/** Every module a source file names: static imports, re-exports, import(), require(). */
export function importsOf(source: string): ImportSite[] {
  const code = stripComments(source);
  const sites: ImportSite[] = [];
  const fromClause = /\b(import|export)\s+(type\s+)?([\w$*\s{},]*?)\s*from\s*(["'])([^"'\n]+)\4/g;
  for (const m of code.matchAll(fromClause)) {
    const bindings = m[3] ?? "";
    const braces = /^\{([^}]*)\}$/.exec(bindings.trim());
    const allTypes =
      braces !== null &&
      braces[1]!
        .split(",")
        .map((b) => b.trim())
        .filter((b) => b !== "")
        .every((b) => b.startsWith("type "));
    sites.push({ specifier: m[5]!, typeOnly: m[2] !== undefined || (allTypes && bindings !== "") });
  }
  for (const m of code.matchAll(/\bimport\s*(["'])([^"'\n]+)\1/g))
    sites.push({ specifier: m[2]!, typeOnly: false });
  for (const m of code.matchAll(/\b(?:import|require|resolve)\s*\(\s*(["'`])([^"'`\n]+)\1/g))
    sites.push({ specifier: m[2]!, typeOnly: false });
  return sites;
}

/** The kit's package imports (package.json "imports"): "#course/*" → "./course/*", ... */
let packageImports: ReadonlyArray<readonly [string, string]> | undefined;
function kitPackageImports(): ReadonlyArray<readonly [string, string]> {
  if (packageImports) return packageImports;
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    imports?: Record<string, string>;
  };
  packageImports = Object.entries(pkg.imports ?? {})
    .filter(([key, value]) => key.endsWith("/*") && value.endsWith("/*"))
    .map(([key, value]) => [key.slice(0, -1), value.slice(0, -1)] as const);
  return packageImports;
}

/** Where a specifier written in `fromFile` points, when it is a file the kit can name. */
export function resolveSpecifier(specifier: string, fromFile: string): string | undefined {
  let path: string | undefined;
  const mapped = specifier.startsWith("#")
    ? kitPackageImports().find(([prefix]) => specifier.startsWith(prefix))
    : undefined;
  if (mapped) path = join(repoRoot, mapped[1], specifier.slice(mapped[0].length));
  else if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "..")
    path = resolve(dirname(fromFile), specifier);
  else if (specifier.startsWith("file:")) {
    try {
      path = fileURLToPath(specifier);
    } catch {
      return undefined;
    }
  } else if (isAbsolute(specifier)) path = specifier;
  if (path === undefined) return undefined;
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const withoutExtension = (path: string) =>
  codeExtensions.has(extname(path)) ? path.slice(0, -extname(path).length) : path;

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Why importing `path` (resolved) from a learner file of `exercise` borrows the answer, or
 * undefined when it does not. `ownFolder` is the exercise's folder in the target, whose files
 * may import each other (the solutions' folder too, when the target is solutions/).
 */
export function borrowedFrom(
  exercise: Exercise,
  path: string,
  ownFolder: string,
): string | undefined {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  if (inside(path, real(ownFolder))) return undefined;
  if (inside(path, real(join(repoRoot, "solutions")))) return "a solution, not your own code";
  if (inside(path, real(join(repoRoot, "kit"))) || inside(path, real(join(repoRoot, "course"))))
    return "the grading kit, which learner code may not touch";
  const stem = withoutExtension(path);
  for (const module of exercise.answerModules) {
    if (stem === withoutExtension(real(join(repoRoot, "reference", module))))
      return `the kit's reference implementation of what this exercise asks you to build (reference/${module})`;
  }
  return undefined;
}

function codeFilesIn(folder: string): string[] {
  return walk(
    folder,
    (p) => codeExtensions.has(extname(p)) && !p.includes(`${sep}node_modules${sep}`),
  );
}

/**
 * The static scan: every code file in the exercise's folder of the target, and every file they
 * reach by relative import outside the kit's own folders. Type-only imports are erased at run
 * time and do not count. A learner file that is a link to a solution counts as borrowing.
 */
export function scanLearnerFiles(exercise: Exercise, targetRoot: string): Borrowing[] {
  const ownFolder = join(targetRoot, exercise.slug);
  if (!existsSync(ownFolder)) return [];
  const found: Borrowing[] = [];
  const queue = codeFilesIn(ownFolder);
  const seen = new Set<string>();
  const trustedRoots = ["reference", "kit", "course", "node_modules", "solutions", "cli"].map((f) =>
    join(repoRoot, f),
  );
  while (queue.length > 0) {
    const file = queue.shift()!;
    const real = existsSync(file) ? realpathSync(file) : file;
    if (seen.has(real)) continue;
    seen.add(real);
    if (real !== resolve(file)) {
      const why = borrowedFrom(exercise, real, ownFolder);
      if (why) {
        found.push({
          file: displayPath(file),
          specifier: displayPath(real),
          message: `${displayPath(file)} is a link to ${displayPath(real)}, ${why}.`,
        });
        continue;
      }
    }
    let source: string;
    try {
      if (!statSync(real).isFile()) continue;
      source = readFileSync(real, "utf8");
    } catch {
      continue;
    }
    for (const site of importsOf(source)) {
      if (site.typeOnly) continue;
      const target = resolveSpecifier(site.specifier, real);
      if (target === undefined) continue;
      const why = borrowedFrom(exercise, target, ownFolder);
      if (why) {
        found.push({
          file: displayPath(file),
          specifier: site.specifier,
          message: `${displayPath(file)} imports \`${site.specifier}\`: ${why}.`,
        });
      } else if (
        existsSync(target) &&
        codeExtensions.has(extname(target)) &&
        !trustedRoots.some((root) => inside(target, root))
      ) {
        queue.push(target);
      }
    }
  }
  return found;
}

/** An export of a learner file that is the reference's own function or class (import-watch.ts). */
export interface IdentityRecord {
  readonly type: "identity";
  /** File URLs. */
  readonly file: string;
  readonly name: string;
  readonly module: string;
  readonly how: "same" | "subclass";
}

/** The sentence for an identity finding. */
export function identityMessage(record: IdentityRecord): string {
  const file = displayPath(fileURLToPath(record.file.split("?")[0]!));
  const module = displayPath(fileURLToPath(record.module.split("?")[0]!));
  return record.how === "same"
    ? `${file} exports \`${record.name}\`, which is the kit's own reference implementation from ${module}, not yours.`
    : `${file} exports \`${record.name}\`, a class built on the kit's reference implementation from ${module}, so it inherits the answer instead of implementing it.`;
}

export interface ImportRecord {
  readonly type?: undefined;
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
  /** How the learner file reached it: an import (the default), a CommonJS require, a file read. */
  readonly how?: "import" | "require" | "read";
}

/** What the import watch (import-watch.ts) saw a learner file of `exercise` import at run time. */
export function borrowingsFromImportLog(
  exercise: Exercise,
  targetRoot: string,
  records: readonly ImportRecord[],
): Borrowing[] {
  const ownFolder = join(targetRoot, exercise.slug);
  const found: Borrowing[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    let from: string;
    let to: string;
    try {
      from = fileURLToPath(record.from);
      to = fileURLToPath(record.to);
    } catch {
      continue;
    }
    const real = existsSync(to) ? realpathSync(to) : to;
    const why = borrowedFrom(exercise, real, ownFolder);
    const key = `${from}\0${real}`;
    if (!why || seen.has(key)) continue;
    seen.add(key);
    found.push({
      file: displayPath(from),
      specifier: record.specifier,
      message:
        record.how === "read"
          ? `${displayPath(from)} read ${displayPath(real)} from disk while it ran: ${why}.`
          : `${displayPath(from)} ${record.how === "require" ? "required" : "imported"} \`${record.specifier}\` while it ran: ${why}.`,
    });
  }
  return found;
}

/** Everything the import watch recorded: imports that borrow, and borrowed identities. */
export function borrowingsFromWatchLog(
  exercise: Exercise,
  targetRoot: string,
  logText: string,
): string[] {
  const imports: ImportRecord[] = [];
  const identities: IdentityRecord[] = [];
  for (const line of logText.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const record = JSON.parse(line) as ImportRecord | IdentityRecord;
      if (record.type === "identity") identities.push(record);
      else imports.push(record);
    } catch {
      // Not a record of ours.
    }
  }
  const messages = borrowingsFromImportLog(exercise, targetRoot, imports).map((b) => b.message);
  for (const record of identities) {
    try {
      messages.push(identityMessage(record));
    } catch {
      // A record with a URL that is not a file.
    }
  }
  return [...new Set(messages)];
}

/** The exercise's answer modules as the file URLs the import watch compares. */
export function answerModuleUrls(exercise: Exercise): string[] {
  return exercise.answerModules.map((m) => {
    const path = join(repoRoot, "reference", m);
    return pathToFileURL(existsSync(path) ? realpathSync(path) : path).href;
  });
}
