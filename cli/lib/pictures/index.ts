/**
 * `npm run exercise N -- --show`: a picture of what is wrong. After grading, the first failing
 * check's counterexample (the scenario code the learner is shown) runs again here, once with
 * the learner's module and once with the kit's own answer in its place, and the two results
 * are drawn side by side: the graph for micrograd (2-5), heatmaps for the makemore tensors.
 * The grading process already ran that code to the end (a time-out gets no picture), so
 * running it again here is safe.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Exercise } from "#course/curriculum.ts";
import { displayPath, repoRoot } from "#kit/paths.ts";
import type { CheckResult, ExerciseResult } from "#kit/results.ts";
import { runScenario, type ScenarioValues } from "#kit/scenario.ts";
import { svgToPng } from "#reference/plot/index.ts";
import { kitAnswer, learnerModule } from "../learner-modules.ts";
import { wrap } from "../render.ts";
import { compareGraphs, comparisonSvg, firstWrongSentence, type ScenarioGraph } from "./graph.ts";
import { compareTensors, tensorExercises } from "./tensor.ts";

export interface FailurePicture {
  /** The check whose counterexample is drawn. */
  readonly check: string;
  readonly svg: string;
  readonly png: string;
  /** What the picture shows, in a sentence or two. */
  readonly sentence: string;
}

/** No picture, and why not (a sentence for the learner). */
export interface NoPicture {
  readonly why: string;
}

/** The micrograd exercises whose failures are graphs of Values. */
const graphExercises = new Set(["value", "backward", "more-ops", "mlp"]);

interface HasBackward {
  backward: (this: unknown, ...args: unknown[]) => unknown;
}

function backwardPrototypes(modules: readonly Record<string, unknown>[]): HasBackward[] {
  const found = new Set<HasBackward>();
  for (const module of modules) {
    const Value = module["Value"];
    if (typeof Value !== "function") continue;
    const proto = (Value as { prototype?: unknown }).prototype;
    if (typeof proto === "object" && proto !== null && "backward" in proto) {
      if (typeof (proto as HasBackward).backward === "function") found.add(proto as HasBackward);
    }
  }
  return [...found];
}

/**
 * Runs `code` with `module` as the learner's file and returns what it built: the outputs it
 * called backward() on (recorded by wrapping backward for the run) and its variables.
 */
async function runGraph(
  module: Record<string, unknown>,
  file: string,
  code: string,
): Promise<ScenarioGraph> {
  const engine = (await import("#reference/micrograd/engine.ts")) as Record<string, unknown>;
  const roots: unknown[] = [];
  const patched = backwardPrototypes([module, engine]).map((proto) => {
    const original = proto.backward;
    let depth = 0;
    proto.backward = function (this: unknown, ...args: unknown[]) {
      if (depth === 0) roots.push(this);
      depth += 1;
      try {
        return original.apply(this, args);
      } finally {
        depth -= 1;
      }
    };
    return () => {
      proto.backward = original;
    };
  });
  try {
    const values = await runScenario(
      Object.assign(async () => module, { file }),
      code,
    );
    return { roots, values };
  } finally {
    for (const restore of patched) restore();
  }
}

async function runValues(
  module: Record<string, unknown>,
  file: string,
  code: string,
): Promise<ScenarioValues> {
  return runScenario(
    Object.assign(async () => module, { file }),
    code,
  );
}

/** The check a picture is made of: the first that failed on code the learner was shown. */
export function failingCheck(result: ExerciseResult): CheckResult | undefined {
  return result.checks.find((c) => c.status !== "passed" && c.code !== undefined);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Draws the first failing check of `result` into `out/` (SVG and PNG) and says what it shows;
 * or says why there is no picture.
 */
export async function drawFailure(
  exercise: Exercise,
  result: ExerciseResult,
  options: { readonly outDir?: string } = {},
): Promise<FailurePicture | NoPicture> {
  // Code that ran out of time in the grading process is not run again here, unsupervised.
  if (result.status === "timeout")
    return { why: "The grading ran out of time, so its code is not run again to draw it." };
  const check = failingCheck(result);
  if (!check || check.code === undefined)
    return {
      why:
        result.status === "passed"
          ? "Everything passed: there is nothing wrong to draw."
          : "No failing check came with code to run again, so there is nothing to draw.",
    };
  const isGraph = graphExercises.has(exercise.id);
  const tensor = tensorExercises[exercise.id];
  if (!isGraph && !tensor)
    return {
      why: `Pictures are drawn for the graph exercises (2-5) and the bigram tables and softmax (8, 9, 11, 12); exercise ${exercise.number} has none yet.`,
    };
  const file = /from\s+"\.\/([^"]+)"/.exec(check.code)?.[1] ?? exercise.files[0]!;
  const code = check.code;
  let learner: Record<string, unknown>;
  try {
    learner = await learnerModule(exercise, file, { fresh: true });
  } catch (error) {
    return { why: `Your file could not be loaded to draw it: ${describe(error)}` };
  }
  const answer = await kitAnswer(exercise);
  const base = join(options.outDir ?? join(repoRoot, "out"), `exercise-${exercise.slug}-failure`);
  let svg: string;
  let sentence: string;
  try {
    if (isGraph) {
      const mine = await runGraph(learner, file, code);
      const correct = await runGraph(answer, file, code);
      // Exercise 2 builds the graph's bookkeeping itself: there, an op label is part of the answer.
      const comparison = compareGraphs(mine, correct, { compareOps: exercise.id === "value" });
      if (comparison.nodes.length > 80)
        return {
          why: `The failing check's graph has ${comparison.nodes.length} nodes, too many to draw legibly.`,
        };
      if (comparison.nodes.length === 0)
        return { why: "The failing check's code built no Value to draw." };
      sentence = firstWrongSentence(comparison);
      svg = await comparisonSvg(
        comparison,
        `Exercise ${exercise.number}, check "${check.id}": your graph, yours beside the correct values (✘ = wrong)`,
      );
    } else {
      const drawn = compareTensors(
        await runValues(learner, file, code),
        await runValues(answer, file, code),
        `Exercise ${exercise.number}, check "${check.id}"`,
      );
      if ("why" in drawn) return drawn;
      ({ svg, sentence } = drawn);
    }
  } catch (error) {
    return {
      why: `The failing check's code throws with your file, so there is no result to draw: ${describe(error)}`,
    };
  }
  mkdirSync(join(base, ".."), { recursive: true });
  writeFileSync(`${base}.svg`, svg);
  const points = Number(/<svg[^>]*\swidth="([\d.]+)(?:pt)?"/.exec(svg)?.[1] ?? 700);
  writeFileSync(`${base}.png`, svgToPng(svg, { width: Math.round(points * 2) }));
  return { check: check.id, svg: `${base}.svg`, png: `${base}.png`, sentence };
}

/** The lines `--show` prints: the sentence and the picture's paths. */
export function pictureLines(picture: FailurePicture | NoPicture): string[] {
  if ("why" in picture) return [picture.why];
  return [
    picture.sentence,
    `picture: ${displayPath(picture.png)} (and ${displayPath(picture.svg)})`,
  ];
}

/**
 * `--show`: draws the failure, prints what it shows and where, and returns the result with
 * the picture's path (ExerciseResult.picture) for whatever shows the result next.
 */
export async function showFailure<Result extends ExerciseResult>(
  exercise: Exercise,
  result: Result,
): Promise<Result> {
  const picture = await drawFailure(exercise, result).catch(
    (error: unknown): NoPicture => ({ why: `The picture could not be drawn: ${describe(error)}` }),
  );
  console.log("");
  for (const line of pictureLines(picture)) console.log(wrap(line));
  return "why" in picture ? result : { ...result, picture: picture.png };
}
