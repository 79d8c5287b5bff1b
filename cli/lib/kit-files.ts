/**
 * Which of the kit's files leave the instructor's machine: the learner template and the
 * Gradescope autograder carry the exercises, the lessons, the graders and the kit, and never a
 * solution, a mutant or an alternative (each is a near-solution), the kit's own tests, or the
 * instructor's tools.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { repoRoot } from "#kit/paths.ts";

/** Folders copied whole, but for what `excluded` says. */
const folders = ["exercises", "course", "kit", "reference", "cli"] as const;

/** Files at the kit's root copied as they are. */
const rootFiles = ["package-lock.json", "biome.json", ".gitignore"] as const;

/** Instructor tools: they read solutions and mutants, or make these copies. */
const instructorTools = new Set([
  "cli/new-exercise.ts",
  "cli/classroom.ts",
  "cli/lib/kit-files.ts",
  "cli/lib/template.ts",
  "cli/lib/gradescope.ts",
  "cli/lib/sample-roster.ts",
  "cli/lib/zip.ts",
]);

/** Why a path (relative, forward slashes) stays behind, or undefined when it goes. */
export function excluded(path: string): string | undefined {
  const parts = path.split("/");
  if (parts.includes("mutants") || parts.includes("alternatives"))
    return "a near-solution (mutant or alternative)";
  if (parts[0] === "solutions") return "a solution";
  if (parts.some((p) => p.startsWith(".") && p !== ".gitignore")) return "a hidden file";
  if (path.endsWith(".test.ts")) return "one of the kit's own tests";
  if (instructorTools.has(path)) return "an instructor's tool";
  if (path === "course/manifest.json") return "written afresh for the copy";
  return undefined;
}

function walk(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
  });
}

/**
 * The kit files a learner's copy or an autograder carries, relative to the kit, with forward
 * slashes, sorted. package.json and tsconfig.json are not among them: each copy writes its own.
 */
export function kitFiles(root: string = repoRoot): string[] {
  const found = [
    ...folders.flatMap((folder) => walk(join(root, folder))),
    ...rootFiles.map((file) => join(root, file)).filter(existsSync),
  ].map((path) => relative(root, path).split(sep).join("/"));
  return found.filter((path) => excluded(path) === undefined).sort();
}
