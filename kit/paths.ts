import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The kit's root folder (the one with package.json). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The course's folder for one exercise: its grader (grader.ts), its mutants and its
 * alternatives. Keyed by the stable id, so inserting an exercise renames nothing here.
 */
export function courseFolder(exercise: { readonly track: string; readonly id: string }): string {
  return join(repoRoot, "course", exercise.track, exercise.id);
}

/** The grader of one exercise. */
export function graderFile(exercise: { readonly track: string; readonly id: string }): string {
  return join(courseFolder(exercise), "grader.ts");
}

/** Where the kit keeps what is not committed: progress, backups, materialised mutants. */
export const stateDir = join(repoRoot, ".gradlings");

/**
 * The folder that holds the implementation being graded, laid out like exercises/.
 * `GRADLINGS_TARGET` is `exercises` (the default), `solutions`, or a path to such a folder.
 */
export function targetRoot(
  target: string = process.env["GRADLINGS_TARGET"] ?? "exercises",
): string {
  if (target === "exercises" || target === "solutions") return join(repoRoot, target);
  return isAbsolute(target) ? target : resolve(process.cwd(), target);
}

/** The path of one file of one exercise in the target, checked to exist. */
export function targetFile(slug: string, file: string, root: string = targetRoot()): string {
  const path = join(root, slug, file);
  if (!existsSync(path)) {
    throw new Error(
      `${displayPath(path)} does not exist. Restore it with \`npm run exercise -- ${slug} --reset\`.`,
    );
  }
  return path;
}

/** A path as the learner should see it: relative to the kit when inside it. */
export function displayPath(path: string): string {
  const rel = relative(repoRoot, path);
  return rel.startsWith("..") ? path : rel;
}
