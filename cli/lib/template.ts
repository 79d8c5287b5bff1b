/**
 * `npm run classroom -- template OUT`: the repository an instructor hands out (a GitHub
 * Classroom template, or a plain repository to clone): the exercises and their lessons, the
 * graders and the kit, a README for learners, the grading workflow, and the manifest written
 * for exactly these files. No solutions, mutants or alternatives, and no kit tests (see
 * kit-files.ts); `npm run exercise N -- --solution` then says the solutions are not in it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { curriculum } from "#course/curriculum.ts";
import { buildManifest } from "#kit/manifest.ts";
import { repoRoot } from "#kit/paths.ts";
import { excluded, kitFiles } from "./kit-files.ts";

export class TemplateError extends Error {}

export interface TemplateSummary {
  readonly out: string;
  readonly files: number;
  readonly digest: string;
}

interface PackageJson {
  scripts: Record<string, string>;
  imports: Record<string, string>;
  [key: string]: unknown;
}

/** The learner's package.json: the kit's, without the instructor's scripts and the solutions. */
export function learnerPackageJson(kit: PackageJson): PackageJson {
  const keep = ["exercise", "grade", "data", "train", "bench", "manifest", "typecheck", "prepare"];
  const scripts: Record<string, string> = {};
  for (const name of keep) if (kit.scripts[name]) scripts[name] = kit.scripts[name];
  // A learner's repository has no tests of its own: `npm test` says the kit is intact and the
  // learner's code type-checks; grading is `npm run exercise` and `npm run grade`.
  scripts["lint"] = "biome check exercises";
  scripts["test"] = "npm run typecheck && npm run manifest -- --check";
  const imports = Object.fromEntries(
    Object.entries(kit.imports).filter(([key]) => !key.startsWith("#solutions")),
  );
  return { ...kit, scripts, imports };
}

/** The learner's tsconfig.json: the kit's options, checking the learner's code. */
function learnerTsconfig(kit: { compilerOptions: unknown; exclude?: unknown }): unknown {
  return { compilerOptions: kit.compilerOptions, include: ["exercises"], exclude: kit.exclude };
}

/** The workflow a template carries: the example in docs/, with the kit's digest pinned. */
export function learnerWorkflow(digest: string): string {
  const example = readFileSync(join(repoRoot, "docs", "examples", "github-classroom.yml"), "utf8");
  // GitHub's expression syntax, not a template placeholder.
  const pin = ["GRADLINGS_PIN: $", "{{ vars.GRADLINGS_PIN }}"].join("");
  if (!example.includes(pin))
    throw new TemplateError(`docs/examples/github-classroom.yml no longer sets ${pin}.`);
  return example.replace(pin, `GRADLINGS_PIN: ${digest} # the kit this template was made from`);
}

function learnerReadme(digest: string): string {
  const rows = curriculum
    .map((e) => `| ${e.number} | \`exercises/${e.slug}/\` | ${e.title} | ${e.points} |`)
    .join("\n");
  const points = curriculum.reduce((sum, e) => sum + e.points, 0);
  return `# gradlings: Neural Networks, Zero to Hero, in TypeScript

Your copy of the course. You build micrograd (a scalar autograd engine), then makemore's bigram
model and its MLP, by filling in stubs. Each time you grade, the grader tells you in plain
words what is wrong, with the smallest input that shows it as code you can paste and run.

## Set up

Node.js 20.12 or newer, then:

\`\`\`sh
npm install
npm run exercise
\`\`\`

## Doing an exercise

Each exercise is a folder in \`exercises/\`: a lesson (\`README.md\`) and the file(s) you edit.

1. Read \`exercises/01-derivative/README.md\`.
2. Replace each \`todo(...)\` in \`exercises/01-derivative/derivative.ts\` with your code.
3. Grade it: \`npm run exercise 1\` (or \`npm run exercise 1 -- --watch\` to grade on every save).
4. When it passes, \`npm run exercise next\` takes you on.

| command | what it does |
| --- | --- |
| \`npm run exercise\` | every exercise, with your progress |
| \`npm run exercise 3\` | grade exercise 3: each check, the first failure in full |
| \`npm run exercise 3 -- --hint\` | the next hint |
| \`npm run exercise 3 -- --reset\` | put the stub back (your file is backed up first) |
| \`npm run grade\` | every exercise at once, with your points, as your course grades it |

The makemore exercises train on \`names.txt\`, which the kit fetches into \`data/\` the first time
(\`npm run data\` does it ahead of time; offline, set \`GRADLINGS_NAMES=/path/to/names.txt\`).

## The exercises (${points} points)

| # | folder | exercise | points |
| --- | --- | --- | --- |
${rows}

## How you are graded

- Every push runs \`.github/workflows/classroom.yml\`: it grades every exercise and reports
  each exercise's points to GitHub Classroom. The check turns green when every exercise
  passes; until then it is red, and the points show how far you are.
- Your instructor grades your final work on their own machine, with their own copy of the
  graders and inputs you have not seen. Passing here is a good sign, not the final word; and
  editing the graders or the workflow in your repository changes nothing there.
- The solutions are not in this repository: \`npm run exercise 3 -- --solution\` says so.

## What \`npm test\` checks

This repository has no tests of its own to run. \`npm test\` checks that your copy of the kit
is intact (\`npm run manifest -- --check\`: the graders, the kit and its reference match the
release, digest \`${digest}\`) and that your code type-checks (\`npm run typecheck\`).
Grading is \`npm run exercise\` and \`npm run grade\`.
`;
}

/**
 * The exercises as committed, path → bytes, when the kit is a git checkout: an instructor who
 * has been solving the stubs in their kit still hands out the stubs. Otherwise (a downloaded
 * kit) undefined, and the files on disk are used.
 */
function committedExercises(): Map<string, Buffer> | undefined {
  if (!existsSync(join(repoRoot, ".git"))) return undefined;
  const git = (args: string[]) => spawnSync("git", args, { cwd: repoRoot, maxBuffer: 1 << 28 });
  const listing = git(["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", "exercises"]);
  if (listing.status !== 0) return undefined;
  const files = new Map<string, Buffer>();
  for (const path of listing.stdout.toString("utf8").split("\0")) {
    if (path === "") continue;
    const shown = git(["show", `HEAD:${path}`]);
    if (shown.status !== 0) return undefined;
    files.set(path, shown.stdout);
  }
  return files.size > 0 ? files : undefined;
}

export function writeTemplate(out: string): TemplateSummary {
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new TemplateError(`${out} is not empty; give a new folder for the template.`);
  const committed = committedExercises();
  const files = [
    ...kitFiles().filter((path) => !(committed && path.startsWith("exercises/"))),
    ...[...(committed?.keys() ?? [])].filter((path) => excluded(path) === undefined),
  ].sort();
  const bytesOf = (path: string) => committed?.get(path) ?? readFileSync(join(repoRoot, path));
  for (const exercise of curriculum)
    for (const file of exercise.files) {
      const stub = `exercises/${exercise.slug}/${file}`;
      const solution = join(repoRoot, "solutions", exercise.slug, file);
      if (existsSync(solution) && bytesOf(stub).equals(readFileSync(solution)))
        throw new TemplateError(
          `${stub} is the same as its solution; the template would hand out the answer.`,
        );
    }
  for (const path of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), bytesOf(path));
  }
  const kitPackage = JSON.parse(
    readFileSync(join(repoRoot, "package.json"), "utf8"),
  ) as PackageJson;
  writeFileSync(
    join(out, "package.json"),
    `${JSON.stringify(learnerPackageJson(kitPackage), null, 2)}\n`,
  );
  const tsconfig = JSON.parse(readFileSync(join(repoRoot, "tsconfig.json"), "utf8")) as {
    compilerOptions: unknown;
    exclude?: unknown;
  };
  writeFileSync(
    join(out, "tsconfig.json"),
    `${JSON.stringify(learnerTsconfig(tsconfig), null, 2)}\n`,
  );
  const manifest = buildManifest(out);
  writeFileSync(join(out, "course", "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(out, "README.md"), learnerReadme(manifest.digest));
  mkdirSync(join(out, ".github", "workflows"), { recursive: true });
  writeFileSync(
    join(out, ".github", "workflows", "classroom.yml"),
    learnerWorkflow(manifest.digest),
  );
  return { out, files: files.length + 5, digest: manifest.digest };
}
