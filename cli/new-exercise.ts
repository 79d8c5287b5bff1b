/**
 * npm run new-exercise -- <id> [--track TRACK] [--title "..."]
 *
 * Scaffolds an exercise in the right places and registers it at the end of its track in the
 * ordered list (course/curriculum.ts): the lesson and stub (exercises/NN-id/), the solution
 * (solutions/NN-id/), the grader and a first mutant (course/TRACK/ID/: grader.ts, mutants/). The scaffold is a small
 * working exercise (its stub fails, its solution passes, its mutant is caught) for the
 * contributor to replace, piece by piece, with the real one. See CONTRIBUTING.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { curriculum, tracks } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";

function usage(message: string): never {
  process.stderr.write(
    `${message}\nUsage: npm run new-exercise -- <id> [--track ${tracks.map((t) => t.id).join("|")}] [--title "..."]\n`,
  );
  process.exit(2);
}

let parsed: ReturnType<
  typeof parseArgs<{
    options: { track: { type: "string" }; title: { type: "string" } };
    allowPositionals: true;
  }>
>;
try {
  parsed = parseArgs({
    options: { track: { type: "string" }, title: { type: "string" } },
    allowPositionals: true,
  });
} catch (error) {
  usage((error as Error).message);
}
const [id, ...extra] = parsed.positionals;
if (!id) usage("Name the exercise: its id, in kebab-case (e.g. batchnorm-by-hand).");
if (extra.length > 0) usage(`One id at a time; "${extra.join(" ")}" is extra.`);
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id))
  usage(`"${id}" is not a kebab-case id (lowercase letters, digits and single dashes).`);
if (curriculum.some((e) => e.id === id)) usage(`An exercise with the id "${id}" exists already.`);
const track = parsed.values.track ?? curriculum.at(-1)!.track;
if (!tracks.some((t) => t.id === track))
  usage(
    `There is no track "${track}"; add it to \`tracks\` in course/curriculum.ts first, or use one of: ${tracks.map((t) => t.id).join(", ")}.`,
  );
const lastOfTrack = curriculum.findLast((e) => e.track === track);
if (lastOfTrack && curriculum.some((e) => e.number > lastOfTrack.number))
  usage(
    `The scaffold adds exercises at the end of the course; "${track}" is not the last track. Add the exercise to the last track, or insert it by hand (CONTRIBUTING.md says how).`,
  );

// After the highest number, not the count: tracks built side by side leave gaps until they merge.
const number = Math.max(0, ...curriculum.map((e) => e.number)) + 1;
const slug = `${String(number).padStart(2, "0")}-${id}`;
const title = parsed.values.title ?? `${id.replace(/-/g, " ")} (title to be written)`;
const file = `${id}.ts`;
const courseFolder = join("course", track, id);

const files: Record<string, string> = {
  [`exercises/${slug}/README.md`]: `# ${number} · ${title}

_Lecture: (which lecture, and where in it)._

(Why this exercise matters, in a paragraph a learner reads before the code.)

## What to build

In \`${file}\`:

- \`scale(xs, k)\` — a new array with every element of \`xs\` multiplied by \`k\`. Leave \`xs\`
  as it was.

## What the grader checks

1. Every element is multiplied by \`k\`, for random arrays and factors, and \`xs\` is untouched.

Run \`npm run exercise ${number}\` to grade, \`npm run exercise ${number} -- --hint\` for a hint.
`,
  [`exercises/${slug}/${file}`]: `import { todo } from "#reference/todo.ts";

/** A new array: every element of xs multiplied by k. Read README.md in this folder first. */
export function scale(xs: readonly number[], k: number): number[] {
  return todo("scale(xs, k): multiply every element of xs by k, in a new array");
}
`,
  [`solutions/${slug}/${file}`]: `/** A new array: every element of xs multiplied by k (xs is left as it was). */
export function scale(xs: readonly number[], k: number): number[] {
  return xs.map((x) => x * k);
}
`,
  [`${courseFolder}/grader.ts`]: `import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";

type Target = typeof import("#solutions/${slug}/${file}");
const learner = loadTarget<Target>("${file}", ["scale"]);
const imports = importLearner(learner, "scale");

check("scale", "scale(xs, k) multiplies every element by k and leaves xs as it was", 2, async () => {
  // Every argument is drawn, so an implementation that ignores one of them fails.
  const arrays = fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 6 });
  await property(fc.tuple(arrays, fc.integer({ min: -5, max: 5 })), async ([xs, k]) => {
    // The expected value comes first, from the grader's own copy of the input.
    const expected = xs.map((x) => x * k);
    const code = \`\${imports}
const xs = \${JSON.stringify(xs)};
const ys = scale(xs, \${k});\`;
    await scenario(learner, code, (values) => {
      if (JSON.stringify(values["xs"]) !== JSON.stringify(xs))
        fail("scale changed the array it was given: build a new one (xs.map) instead.", {
          mistake: "mutated-args",
        });
      if (JSON.stringify(values["ys"]) !== JSON.stringify(expected))
        fail(
          \`scale(xs, \${k}) should be \${JSON.stringify(expected)}, but it is \${JSON.stringify(values["ys"])}.\`,
        );
    });
  });
});
`,
  [`${courseFolder}/mutants/index.ts`]: `/**
 * What this exercise's grader must answer to each mutant: each key is a folder beside this file
 * holding the solution's file with that one mistake made, named by the mistake's id
 * (course/mistakes.ts).
 */
import type { MutantCatalogue } from "#kit/mutants.ts";

export const mutants = {
  "mutated-args": {
    description: "scale multiplies the caller's array in place and returns it.",
    check: "scale",
    message: "changed the array it was given",
  },
} satisfies MutantCatalogue;
`,
  [`${courseFolder}/mutants/mutated-args/${file}`]: `/** A new array: every element of xs multiplied by k (xs is left as it was). */
export function scale(xs: number[], k: number): number[] {
  for (let i = 0; i < xs.length; i++) xs[i] = xs[i]! * k;
  return xs;
}
`,
};

const entry = `  {
    number: ${number},
    id: "${id}",
    slug: "${slug}",
    title: ${JSON.stringify(title)},
    track: "${track}",
    points: 2,
    files: ["${file}"],
    hints: [
      "(A nudge: what the function is for.)",
      "(Almost the answer.)",
    ],
    answerModules: [],
    timeLimitSeconds: 20,
  },
`;

for (const path of Object.keys(files))
  if (existsSync(join(repoRoot, path))) usage(`${path} exists already; nothing was written.`);

const curriculumPath = join(repoRoot, "course", "curriculum.ts");
const source = readFileSync(curriculumPath, "utf8");
const end = source.indexOf("\n];\n", source.indexOf("export const curriculum"));
if (end < 0) usage("course/curriculum.ts does not end its list with `];` as the scaffold expects.");
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(repoRoot, path)), { recursive: true });
  writeFileSync(join(repoRoot, path), text);
}
writeFileSync(curriculumPath, `${source.slice(0, end + 1)}${entry}${source.slice(end + 1)}`);

process.stdout.write(
  [
    `Exercise ${number} scaffolded, registered as "${id}" at the end of ${track}:`,
    ...Object.keys(files).map((p) => `  ${p}`),
    "  course/curriculum.ts (its entry)",
    "",
    "Next (CONTRIBUTING.md, 'Add an exercise'): write the lesson, the stub, the solution, the",
    "checks and the mutants for real; then `npm run manifest` and",
    `\`GRADLINGS_ONLY=${slug} npx vitest run test/graders-${track}.test.ts\`.`,
    "",
  ].join("\n"),
);
