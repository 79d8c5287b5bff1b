/**
 * `npm run train -- <model> --mine`: the reference run, made of the learner's own parts. Each
 * part (counting, normalising, sampling, training, ...) is the function the learner wrote in
 * exercises/ where they have written it, and the kit's where they have not, said part by part:
 * a stub still calls todo() (and a TodoError at run time falls back too), so the table, the
 * losses and the names a learner sees are their own.
 */
import { join } from "node:path";
import { type Exercise, exerciseByNumber } from "#course/curriculum.ts";
import { describeError } from "#kit/diagnose.ts";
import { displayPath, targetRoot } from "#kit/paths.ts";
import * as bigramKit from "#reference/makemore/bigram.ts";
import * as mlpKit from "#reference/makemore/mlp.ts";
import { say } from "./columns.ts";
import { learnerModule } from "./learner-modules.ts";
import { bold, dim } from "./render.ts";

/** The parts of the counted and the neural bigram runs, with the kit's signatures. */
export interface BigramParts {
  readonly vocabulary: typeof bigramKit.vocabulary;
  readonly encodeBigrams: typeof bigramKit.encodeBigrams;
  readonly countBigrams: typeof bigramKit.countBigrams;
  readonly probabilities: typeof bigramKit.probabilities;
  readonly sampleNames: typeof bigramKit.sampleNames;
  readonly averageNll: typeof bigramKit.averageNll;
  readonly perplexity: typeof bigramKit.perplexity;
  readonly trainNeuralBigram: typeof bigramKit.trainNeuralBigram;
}

/** The parts of the MLP run, with the kit's signatures. */
export interface MlpParts {
  readonly vocabulary: typeof bigramKit.vocabulary;
  readonly splitWords: typeof mlpKit.splitWords;
  readonly buildDataset: typeof mlpKit.buildDataset;
  readonly trainMlp: typeof mlpKit.trainMlp;
  readonly learningRateSweep: typeof mlpKit.learningRateSweep;
  readonly sampleMlpNames: typeof mlpKit.sampleMlpNames;
}

/** Every part a run may use. */
export type Parts = BigramParts & MlpParts;

/** The kit's parts: what every run uses without --mine. */
export const kitParts: Parts = {
  vocabulary: bigramKit.vocabulary,
  encodeBigrams: bigramKit.encodeBigrams,
  countBigrams: bigramKit.countBigrams,
  probabilities: bigramKit.probabilities,
  sampleNames: bigramKit.sampleNames,
  averageNll: bigramKit.averageNll,
  perplexity: bigramKit.perplexity,
  trainNeuralBigram: bigramKit.trainNeuralBigram,
  splitWords: mlpKit.splitWords,
  buildDataset: mlpKit.buildDataset,
  trainMlp: mlpKit.trainMlp,
  learningRateSweep: mlpKit.learningRateSweep,
  sampleMlpNames: mlpKit.sampleMlpNames,
};

// biome-ignore lint/suspicious/noExplicitAny: a part is any function; its type is the kit's.
export type AnyFunction = (...args: any[]) => any;
type LearnerModule = Record<string, unknown>;

/** Where one part of a run comes from: an export of one exercise's file. */
interface PartSource {
  readonly exercise: number;
  readonly file: string;
  readonly name: string;
  /** The learner's function as the kit's signature, from their module (undefined: not exported). */
  readonly adapt?: (module: LearnerModule) => AnyFunction | undefined;
}

const exported = (module: LearnerModule, name: string): AnyFunction | undefined =>
  typeof module[name] === "function" ? (module[name] as AnyFunction) : undefined;

/** Which exercise writes which part (the kit's names on the left). */
const sources: Record<keyof Parts, PartSource> = {
  vocabulary: { exercise: 7, file: "vocabulary.ts", name: "vocabulary" },
  encodeBigrams: { exercise: 7, file: "vocabulary.ts", name: "encodeBigrams" },
  countBigrams: { exercise: 8, file: "counts.ts", name: "countBigrams" },
  probabilities: { exercise: 9, file: "sampling.ts", name: "probabilities" },
  sampleNames: { exercise: 9, file: "sampling.ts", name: "sampleNames" },
  averageNll: { exercise: 10, file: "likelihood.ts", name: "averageNll" },
  perplexity: { exercise: 10, file: "likelihood.ts", name: "perplexity" },
  trainNeuralBigram: {
    exercise: 12,
    file: "neural.ts",
    name: "trainBigram",
    // Theirs reports no step as it goes: the losses are replayed to onStep when it returns.
    adapt: (module) => {
      const train = exported(module, "trainBigram");
      if (!train) return undefined;
      return (xs, ys, size, options: bigramKit.NeuralBigramOptions) => {
        const { onStep, ...rest } = options;
        const result = train(xs, ys, size, { regularization: 0.01, seed: 2147483647, ...rest });
        for (const [step, loss] of (result.losses as number[]).entries()) onStep?.(step, loss);
        return result;
      };
    },
  },
  splitWords: { exercise: 14, file: "split.ts", name: "splitWords" },
  buildDataset: { exercise: 13, file: "dataset.ts", name: "buildDataset" },
  trainMlp: {
    exercise: 18,
    file: "train.ts",
    name: "train",
    // Theirs takes the step count and decays the rate with their own learningRate().
    adapt: (module) => {
      const train = exported(module, "train");
      if (!train) return undefined;
      const rate = exported(module, "learningRate") ?? mlpKit.stepDecay;
      return async (p, X, Y, g, options: { steps: number; onStep?: AnyFunction }) => {
        const losses = train(p, X, Y, g, options.steps) as number[];
        for (const [step, loss] of losses.entries())
          await options.onStep?.(step, loss, rate(step, options.steps));
        return losses;
      };
    },
  },
  learningRateSweep: {
    exercise: 19,
    file: "sweep.ts",
    name: "sweep",
    adapt: (module) => {
      const sweep = exported(module, "sweep");
      const exponents = exported(module, "exponents");
      if (!sweep || !exponents) return undefined;
      return async (p, X, Y, g, steps = 1000) => ({
        exponents: exponents(steps) as number[],
        losses: sweep(p, X, Y, g, steps) as number[],
      });
    },
  },
  sampleMlpNames: { exercise: 20, file: "sample.ts", name: "sampleNames" },
};

const modelParts: Record<string, ReadonlyArray<keyof Parts>> = {
  bigram: [
    "vocabulary",
    "countBigrams",
    "probabilities",
    "averageNll",
    "perplexity",
    "sampleNames",
  ],
  "neural-bigram": ["vocabulary", "encodeBigrams", "trainNeuralBigram", "sampleNames"],
  mlp: [
    "vocabulary",
    "splitWords",
    "buildDataset",
    "trainMlp",
    "learningRateSweep",
    "sampleMlpNames",
  ],
};

/** The models --mine knows. */
export const mineModels = Object.keys(modelParts);

export function isTodo(error: unknown): error is Error {
  return error instanceof Error && error.name === "TodoError";
}

/** The learner's module, or why it could not be loaded. */
async function load(exercise: Exercise, file: string): Promise<LearnerModule | string> {
  try {
    return await learnerModule(exercise, file);
  } catch (error) {
    return `its file could not be loaded: ${describeError(error)}`;
  }
}

/**
 * The learner's function, falling back to the kit's the first time it throws a TodoError (a
 * part it calls is still a stub), and saying so then.
 */
export function withFallback(
  label: string,
  mine: AnyFunction,
  kit: AnyFunction,
  say: (line: string) => void,
): AnyFunction {
  let fellBack = false;
  const fallBack = (args: unknown[]) => {
    fellBack = true;
    say(`${label}: yours stops at a todo() (not written yet), so the kit's is used instead.`);
    return kit(...args);
  };
  return (...args: unknown[]) => {
    if (fellBack) return kit(...args);
    try {
      const result = mine(...args);
      if (result instanceof Promise)
        return result.catch((error: unknown) => {
          if (isTodo(error)) return fallBack(args);
          throw error;
        });
      return result;
    } catch (error) {
      if (isTodo(error)) return fallBack(args);
      throw error;
    }
  };
}

/**
 * The parts of `model`'s run: the learner's where written, the kit's elsewhere. `say` gets one
 * line per part saying whose it is (and, during the run, any fallback).
 */
export async function resolveParts(model: string, say: (line: string) => void): Promise<Parts> {
  const names = modelParts[model];
  if (!names) throw new Error(`--mine knows the models ${mineModels.join(", ")}, not "${model}".`);
  const parts: Record<string, AnyFunction> = { ...kitParts };
  const modules = new Map<string, LearnerModule | string>();
  for (const name of names) {
    const source = sources[name];
    const exercise = exerciseByNumber(source.exercise)!;
    const where = displayPath(join(targetRoot(), exercise.slug, source.file));
    const key = `${exercise.slug}/${source.file}`;
    if (!modules.has(key)) modules.set(key, await load(exercise, source.file));
    const module = modules.get(key)!;
    const label = `${source.name} (exercise ${exercise.number})`;
    if (typeof module === "string") {
      say(`${label}: the kit's; ${module}`);
      continue;
    }
    const raw = exported(module, source.name);
    const mine = source.adapt ? source.adapt(module) : raw;
    if (!raw || !mine) {
      say(`${label}: the kit's; ${where} does not export it.`);
      continue;
    }
    // A stub's body is a todo() call: not written yet.
    if (/\btodo\(/.test(raw.toString())) {
      say(`${label}: the kit's; yours in ${where} is not written yet.`);
      continue;
    }
    say(`${label}: yours, from ${where}`);
    parts[name] = withFallback(label, mine, kitParts[name] as AnyFunction, say);
  }
  return parts as unknown as Parts;
}

/** `--mine` in cli/train.ts: the parts of `model`, each announced on its own line. */
export async function partsFor(model: string): Promise<Parts> {
  if (!(model in modelParts))
    throw new Error(
      `--mine works with ${[...mineModels, "batchnorm"].join(", ")}; "${model}" has no parts of yours.`,
    );
  say(bold("Your parts") + dim(" (--mine: yours where written, the kit's elsewhere)"));
  return resolveParts(model, (line) => say(`  ${line}`));
}

// ---------------------------------------------------------------------------------------------
// --mine for batchnorm: the learner's parts of exercises 21 to 24, all of them or none

/** Which exercise writes which part of the BatchNorm run (exercise, file, exports used). */
const batchNormSources = [
  { exercise: 21, file: "init-loss.ts", names: ["expectedInitialLoss"] },
  { exercise: 22, file: "kaiming-init.ts", names: ["kaimingInit", "kaimingStd", "gain"] },
  { exercise: 23, file: "batchnorm.ts", names: ["initBatchNorm", "batchNorm", "forward"] },
  { exercise: 24, file: "modules.ts", names: ["deepNetwork", "Linear", "BatchNorm1d", "Tanh"] },
] as const;

/** The learner's exports the BatchNorm run is made of, by name. */
export type BatchNormMineParts = Readonly<Record<string, AnyFunction>>;

/** --mine refused: one sentence, no run. */
export class MineRefusal extends Error {}

/**
 * The learner's parts of the BatchNorm run (exercises 21 to 24). Unlike the bigram and MLP
 * runs, nothing falls back to the kit's: the parts are one model, and half of it from the
 * kit would be nobody's. A part missing or still a stub refuses the run in one sentence.
 */
export async function batchNormPartsFor(
  print: (line: string) => void = say,
): Promise<BatchNormMineParts> {
  const parts: Record<string, AnyFunction> = {};
  const found: string[] = [];
  for (const source of batchNormSources) {
    const exercise = exerciseByNumber(source.exercise)!;
    const where = displayPath(join(targetRoot(), exercise.slug, source.file));
    const module = await load(exercise, source.file);
    const refuse = (why: string) =>
      new MineRefusal(
        `--mine for batchnorm needs your parts from exercises 21 to 24, and ${why}: finish it (npm run exercise ${exercise.number}), or run without --mine.`,
      );
    if (typeof module === "string") throw refuse(`exercise ${exercise.number}'s ${module}`);
    for (const name of source.names) {
      const part = exported(module, name);
      if (!part) throw refuse(`${where} does not export ${name}`);
      // A stub's body is a todo() call: not written yet.
      if (/\btodo\(/.test(part.toString()))
        throw refuse(`${name} (exercise ${exercise.number}) in ${where} is not written yet`);
      parts[name] = part;
    }
    found.push(`  ${source.names.join(", ")} (exercise ${exercise.number}): yours, from ${where}`);
  }
  print(bold("Your parts") + dim(" (--mine: the whole model is yours, exercises 21 to 24)"));
  for (const line of found) print(line);
  return parts;
}
