/**
 * A made-up class to try the roster on (`npm run classroom -- sample-roster DIR`): each learner
 * a folder with an exercises/ folder in which every exercise is the untouched stub, the
 * solution, or the solution with one of the course's known mistakes (a mutant), chosen at random
 * from a seed. Three learners also misbehave, in the exercise given: one loops forever, one
 * kills its own grading process, one prints without end.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Exercise } from "#course/curriculum.ts";
import { courseFolder, repoRoot } from "#kit/paths.ts";

export interface SampleRosterOptions {
  readonly learners: number;
  readonly exercises: readonly Exercise[];
  readonly seed: number;
  /** The exercise the misbehaving learners misbehave in (default: the first). */
  readonly misbehaveIn?: Exercise;
}

export type Choice = "stub" | "solution" | `mutant:${string}`;

export interface SampleLearner {
  readonly name: string;
  readonly choices: Readonly<Record<string, Choice>>;
  readonly misbehaves?: "loop" | "crash" | "flood";
}

/** A small deterministic generator (mulberry32), so a sample can be made again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutantsOf(exercise: Exercise): string[] {
  const folder = join(courseFolder(exercise), "mutants");
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Code put at the top of a learner's file to make it misbehave. */
const misbehaviour = {
  loop: "while (true) {}\n",
  crash: 'process.kill(process.pid, "SIGKILL");\n',
  flood: 'while (true) console.log("the same line, again and again, for ever");\n',
} as const;

/** Writes the class into `folder` (emptied first) and returns who got what. */
export function writeSampleRoster(folder: string, options: SampleRosterOptions): SampleLearner[] {
  const draw = random(options.seed);
  const width = String(options.learners).length;
  const misbehaving = ["loop", "crash", "flood"] as const;
  const odd = options.misbehaveIn ?? options.exercises[0]!;
  rmSync(folder, { recursive: true, force: true });
  const learners: SampleLearner[] = [];
  for (let i = 1; i <= options.learners; i++) {
    const name = `learner-${String(i).padStart(width, "0")}`;
    const exercisesFolder = join(folder, name, "exercises");
    const choices: Record<string, Choice> = {};
    for (const exercise of options.exercises) {
      const mutants = mutantsOf(exercise);
      const r = draw();
      const choice: Choice =
        r < 0.2
          ? "stub"
          : r < 0.5 && mutants.length > 0
            ? `mutant:${mutants[Math.floor(draw() * mutants.length)]!}`
            : "solution";
      choices[exercise.slug] = choice;
      const target = join(exercisesFolder, exercise.slug);
      mkdirSync(target, { recursive: true });
      cpSync(join(repoRoot, choice === "stub" ? "exercises" : "solutions", exercise.slug), target, {
        recursive: true,
      });
      if (choice.startsWith("mutant:")) {
        const mutant = join(courseFolder(exercise), "mutants", choice.slice("mutant:".length));
        for (const file of readdirSync(mutant)) cpSync(join(mutant, file), join(target, file));
      }
    }
    // The last three learners misbehave, one way each.
    const misbehaves = misbehaving[options.learners - i];
    if (misbehaves) {
      const file = join(exercisesFolder, odd.slug, odd.files[0]!);
      writeFileSync(file, misbehaviour[misbehaves] + readFileSync(file, "utf8"));
    }
    learners.push({ name, choices, ...(misbehaves ? { misbehaves } : {}) });
  }
  return learners;
}
