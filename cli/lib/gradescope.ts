/**
 * `npm run classroom -- gradescope OUT.zip`: the autograder Gradescope builds its image from.
 * At the root of the archive: setup.sh and run_autograder (docs/examples/gradescope/), and the
 * kit as the learner template carries it (no solutions, mutants or kit tests; see kit-files.ts),
 * with its manifest, and names.txt in data/, checked against its checksum here and again by
 * setup.sh, because submissions are graded without network access.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildManifest } from "#kit/manifest.ts";
import { repoRoot } from "#kit/paths.ts";
import { namesPath, namesSha256, sha256 } from "#reference/makemore/data.ts";
import { kitFiles } from "./kit-files.ts";
import { learnerPackageJson } from "./template.ts";
import { writeZip, type ZipEntry } from "./zip.ts";

export class GradescopeError extends Error {}

const scripts = join(repoRoot, "docs", "examples", "gradescope");

export interface GradescopeSummary {
  readonly out: string;
  readonly files: number;
  readonly bytes: number;
  readonly digest: string;
}

export function writeGradescopeZip(out: string): GradescopeSummary {
  const names = namesPath();
  if (!existsSync(names) || sha256(readFileSync(names)) !== namesSha256)
    throw new GradescopeError(
      `The autograder needs names.txt and ${names} is ${existsSync(names) ? "not the expected file" : "missing"}: run \`npm run data\` first (or set GRADLINGS_NAMES=/path/to/names.txt).`,
    );
  const setup = readFileSync(join(scripts, "setup.sh"), "utf8");
  if (!setup.includes(`${namesSha256}  data/names.txt`))
    throw new GradescopeError(
      "docs/examples/gradescope/setup.sh does not check names.txt's checksum; it must, before the zip is made.",
    );
  const file = (path: string): ZipEntry => ({
    name: path,
    data: readFileSync(join(repoRoot, path)),
  });
  const kitPackage = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const tsconfig = readFileSync(join(repoRoot, "tsconfig.json"));
  const manifest = buildManifest(repoRoot);
  const entries: ZipEntry[] = [
    { name: "setup.sh", data: Buffer.from(setup), mode: 0o755 },
    {
      name: "run_autograder",
      data: readFileSync(join(scripts, "run_autograder")),
      mode: 0o755,
    },
    ...kitFiles().map(file),
    {
      name: "package.json",
      data: Buffer.from(`${JSON.stringify(learnerPackageJson(kitPackage), null, 2)}\n`),
    },
    { name: "tsconfig.json", data: tsconfig },
    { name: "course/manifest.json", data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: "data/names.txt", data: readFileSync(names) },
  ];
  const archive = writeZip(entries);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, archive);
  return { out, files: entries.length, bytes: archive.length, digest: manifest.digest };
}
