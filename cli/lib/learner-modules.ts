/**
 * The learner's modules and the kit's answers to the same exercises, loaded in the runner's own
 * process (for pictures, --mine and the playground; grading itself runs in a separate process).
 */
import { pathToFileURL } from "node:url";
import type { Exercise } from "#course/curriculum.ts";
import { repoRoot, targetFile } from "#kit/paths.ts";
import { oneHot, type Tensor } from "#reference/tensor/index.ts";

export type Module = Record<string, unknown>;

/** A learner's export name → the kit's name for the same function, where they differ. */
const renamed: Readonly<Record<string, string>> = {
  bigramLoss: "neuralBigramLoss",
  trainBigram: "trainNeuralBigram",
};

/** oneHotInputs (exercise 11) is the first step of the kit's bigramLogits, not an export of its own. */
const oneHotInputs = (xs: Tensor, size: number): Tensor => oneHot(xs, size).float();

/** The kit's answer to an exercise, shaped like the learner's module: its answer modules merged. */
export async function kitAnswer(exercise: Exercise): Promise<Module> {
  const merged: Module = {};
  for (const path of exercise.answerModules)
    Object.assign(merged, (await import(`#reference/${path}`)) as Module);
  for (const [name, kitName] of Object.entries(renamed))
    if (!(name in merged) && kitName in merged) merged[name] = merged[kitName];
  if (exercise.id === "softmax" && !("oneHotInputs" in merged))
    merged["oneHotInputs"] = oneHotInputs;
  return merged;
}

/**
 * One of the learner's files as a module (from GRADLINGS_TARGET's folder, exercises/ by
 * default). `fresh` imports it anew, so a file saved since the last import is seen as it is now.
 */
export async function learnerModule(
  exercise: Exercise,
  file: string,
  options: { readonly fresh?: boolean } = {},
): Promise<Module> {
  const path = targetFile(exercise.slug, file);
  // A folder outside the kit reaches `#reference/...` through the hooks the grading process
  // preloads; register them here too.
  if (!path.startsWith(repoRoot)) await import("#kit/grading-hooks.ts");
  const url = pathToFileURL(path);
  if (options.fresh) url.searchParams.set("fresh", String(Date.now()));
  return (await import(url.href)) as Module;
}
