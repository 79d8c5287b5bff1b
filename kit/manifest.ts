/**
 * The manifest (course/manifest.json) records a sha256 for every file that decides a grade:
 * the graders, the grading kit, the exercise list, the reference the graders compare with, and
 * the grade command. `npm run grade` compares the files with it (and, when an instructor pins
 * one, with a single digest over all of them) and reports any difference by name. The other
 * half of a grade that cannot be faked, answers borrowed by import, is borrowing.ts.
 *
 * `npm run manifest` writes the manifest; `npm run manifest -- --check` fails when it is stale.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { repoRoot } from "./paths.ts";

export const manifestPath = join(repoRoot, "course", "manifest.json");

export interface Manifest {
  readonly algorithm: "sha256";
  /** Kit version (package.json) the manifest was written for. */
  readonly version: string;
  /** One digest over every file below: what an instructor pins. */
  readonly digest: string;
  /** Path (relative to the kit, with forward slashes) → sha256 of its text. */
  readonly files: Readonly<Record<string, string>>;
}

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A file's hash, with line endings normalised so that a Windows checkout hashes the same. */
export function fileHash(path: string): string {
  return sha256(readFileSync(path, "utf8").replace(/\r\n/g, "\n"));
}

export function walk(folder: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(folder)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...walk(path, keep));
    else if (keep(path)) found.push(path);
  }
  return found;
}

const posix = (path: string) => path.split(sep).join("/");

/** The grading files: course/**\/*.ts (the graders and the exercise list) and kit/**\/*.ts. */
export function graderFiles(root: string = repoRoot): string[] {
  // Mutants and alternatives are the kit's test material; they decide no learner's grade.
  const material = /[\\/](mutants|alternatives)[\\/]/;
  return ["course", "kit"]
    .flatMap((folder) =>
      walk(join(root, folder), (p) => p.endsWith(".ts") && !material.test(relative(root, p))),
    )
    .map((p) => posix(relative(root, p)))
    .sort();
}

/** Every file the manifest covers: the graders, the reference they compare with, the grade command. */
export function trustedFiles(root: string = repoRoot): string[] {
  const reference = walk(
    join(root, "reference"),
    (p) => p.endsWith(".ts") && !p.endsWith(".test.ts"),
  ).map((p) => posix(relative(root, p)));
  const cli = ["cli/grade.ts"].filter((p) => existsSync(join(root, p)));
  return [...graderFiles(root), ...reference, ...cli].sort();
}

/** One digest over (path, hash) pairs, in path order. */
export function digestOf(files: Readonly<Record<string, string>>): string {
  const lines = Object.keys(files)
    .sort()
    .map((path) => `${files[path]}  ${path}\n`);
  return sha256(lines.join(""));
}

export function kitVersion(root: string = repoRoot): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "0.0.0";
}

export function buildManifest(root: string = repoRoot): Manifest {
  const files: Record<string, string> = {};
  for (const path of trustedFiles(root)) files[path] = fileHash(join(root, path));
  return { algorithm: "sha256", version: kitVersion(root), digest: digestOf(files), files };
}

export function readManifest(path: string = manifestPath): Manifest | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

export interface IntegrityReport {
  /** False when anything differs from the manifest or the pinned digest, or there is no manifest. */
  readonly trusted: boolean;
  readonly manifest: "verified" | "modified" | "missing";
  readonly modified: readonly string[];
  /** In the manifest, not on disk. */
  readonly missing: readonly string[];
  /** On disk, not in the manifest (a new grader or kit file). */
  readonly added: readonly string[];
  /** The digest of the files as they are now. */
  readonly digest: string;
  /** The digest an instructor pinned, when one was given. */
  readonly pinned?: string;
  /** One sentence: why the run is or is not trusted. */
  readonly message: string;
}

function listNames(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(", ");
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}

/** Compares the kit's files with the manifest and, when given, with a pinned digest. */
export function verifyIntegrity(
  options: { manifest?: string; pinned?: string; root?: string } = {},
): IntegrityReport {
  const root = options.root ?? repoRoot;
  const current = buildManifest(root);
  const pinned = options.pinned?.trim().toLowerCase() || undefined;
  const manifest = readManifest(options.manifest ?? join(root, "course", "manifest.json"));
  const base = { digest: current.digest, ...(pinned ? { pinned } : {}) };
  const pinSentence =
    pinned && pinned !== current.digest
      ? ` The files' digest ${current.digest.slice(0, 12)}… is not the pinned ${pinned.slice(0, 12)}….`
      : "";
  if (!manifest) {
    return {
      ...base,
      trusted: false,
      manifest: "missing",
      modified: [],
      missing: [],
      added: [],
      message: `Not trusted: there is no readable grader manifest, so the graders cannot be checked.${pinSentence}`,
    };
  }
  const modified: string[] = [];
  const missing: string[] = [];
  for (const [path, hash] of Object.entries(manifest.files)) {
    const now = current.files[path];
    if (now === undefined) missing.push(path);
    else if (now !== hash) modified.push(path);
  }
  const added = Object.keys(current.files).filter((p) => manifest.files[p] === undefined);
  const changed = modified.length + missing.length + added.length > 0;
  const parts: string[] = [];
  if (modified.length > 0) parts.push(`modified: ${listNames(modified.sort())}`);
  if (missing.length > 0) parts.push(`missing: ${listNames(missing.sort())}`);
  if (added.length > 0) parts.push(`not in the release: ${listNames(added.sort())}`);
  const trusted = !changed && pinSentence === "";
  const message = trusted
    ? `Graders verified: every file matches the manifest${pinned ? " and the pinned digest" : ""}.`
    : changed
      ? `Modified: not trusted. These grading files differ from the released kit (course/manifest.json): ${parts.join("; ")}.${pinSentence}`
      : `Not trusted.${pinSentence}`;
  return {
    ...base,
    trusted,
    manifest: changed ? "modified" : "verified",
    modified: modified.sort(),
    missing: missing.sort(),
    added: added.sort(),
    message,
  };
}
