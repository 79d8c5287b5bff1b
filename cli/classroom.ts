/**
 * npm run classroom -- template OUT
 *
 * Writes the repository an instructor hands out: the exercises (stubs), lessons, graders and
 * the kit, with the manifest pinned, a README for learners and the GitHub Classroom workflow.
 * Nothing a learner could copy an answer from goes in: no solutions/, no graders' mutants or
 * alternatives (near-solutions), no kit tests (they read the solutions).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { repoRoot } from "#kit/paths.ts";

/** Committed paths that never go to learners. */
export function handedOut(path: string): boolean {
  if (/^(solutions|test|tools)\//.test(path)) return false;
  if (/^course\/[^/]+\/[^/]+\/(mutants|alternatives)\//.test(path)) return false;
  return true;
}

const learnerReadme = `# Neural Networks: Zero to Hero, in TypeScript

Your exercises are in \`exercises/\`, one folder per exercise, in order. For each one:

    npm ci                      # once
    npm run data                # once: names.txt for the makemore exercises
    npm run exercise -- 1       # the lesson, your file, and what the checks say
    npm run grade               # every exercise, with points

Edit only the files in \`exercises/\`. Each push runs the grader on GitHub (the Actions tab
and your Classroom page show each exercise's points); your instructor grades the record.

This repository has no solutions: \`npm run exercise -- N -- --solution\` cannot show one
here; ask your instructor. \`npm test\` checks that the kit's grading files are the ones you
were given (it does not grade you: that is \`npm run grade\`).
`;

export function writeTemplate(out: string): string[] {
  const listed = spawnSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" });
  if (listed.status !== 0)
    throw new Error("The template is built from the kit's git checkout; run this inside it.");
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new Error(`${out} is not empty; give an empty or new folder.`);
  const files = listed.stdout
    .split("\0")
    .filter((f) => f !== "" && handedOut(f) && existsSync(join(repoRoot, f)));
  for (const file of files) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(out, file));
  }
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    imports: Record<string, string>;
    scripts: Record<string, string>;
  };
  delete manifest.imports["#solutions/*"];
  const keep = ["exercise", "grade", "data", "manifest"];
  manifest.scripts = Object.fromEntries(
    Object.entries(manifest.scripts).filter(([name]) => keep.includes(name)),
  );
  manifest.scripts["test"] = "npm run manifest -- --check";
  writeFileSync(join(out, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(out, "README.md"), learnerReadme);
  mkdirSync(join(out, ".github", "workflows"), { recursive: true });
  cpSync(
    join(repoRoot, "docs", "examples", "github-classroom.yml"),
    join(out, ".github", "workflows", "classroom.yml"),
  );
  return files;
}

function main(argv: readonly string[]): number {
  const [command, out] = argv;
  if (command !== "template" || out === undefined) {
    process.stderr.write("Usage: npm run classroom -- template OUT\n");
    return 2;
  }
  const folder = resolve(process.env["INIT_CWD"] ?? process.cwd(), out);
  const files = writeTemplate(folder);
  process.stdout.write(`Wrote the learner template to ${folder} (${files.length} files).\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
