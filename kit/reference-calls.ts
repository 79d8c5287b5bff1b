/**
 * Calls of the kit's own answers, counted while a grader runs the learner's code. An exercise
 * that asks the learner to write an operation out (exercise 17's cross-entropy, exercise 22's
 * Kaiming initialisation) cannot tell from the result alone that the kit's function did the
 * work: its value can be taken under noGrad and a gradient of the learner's patched on. So the
 * grading process wraps these functions as their modules load (target-hooks.ts), and a grader
 * asks which of them were called while the learner's code ran.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./paths.ts";

/** The functions wrapped, by their module under reference/. */
export const observedFunctions: Readonly<Record<string, readonly string[]>> = {
  "tensor/functional.ts": ["softmax", "logSoftmax", "crossEntropy"],
  "tensor/nn/layers.ts": ["calculateGain", "kaimingNormal"],
};

/** The same, keyed by the modules' file URLs, for the module hooks. */
export function observedByUrl(): Record<string, readonly string[]> {
  return Object.fromEntries(
    Object.entries(observedFunctions).map(([module, names]) => [
      pathToFileURL(join(repoRoot, "reference", module)).href,
      names,
    ]),
  );
}

const callKey = Symbol.for("gradlings.reference-call");

/**
 * Runs `run` (the learner's code, through a scenario) and names the observed functions it called,
 * by their names as the kit exports them. Outside a grading process nothing is wrapped, and the
 * set stays empty.
 */
export async function referenceCallsDuring<T>(
  run: () => Promise<T>,
): Promise<{ readonly value: T; readonly called: ReadonlySet<string> }> {
  const called = new Set<string>();
  const slot = globalThis as Record<symbol, unknown>;
  const outer = slot[callKey];
  // Only the outermost call counts: kaimingNormal calling calculateGain is one call of the learner's.
  let depth = 0;
  slot[callKey] = <R>(name: string, call: () => R): R => {
    if (depth === 0) called.add(name);
    depth++;
    try {
      return call();
    } finally {
      depth--;
    }
  };
  try {
    return { value: await run(), called };
  } finally {
    slot[callKey] = outer;
  }
}

/** The statements the module hooks append to a module that defines observed functions. */
export function wrapperSource(names: readonly string[]): string {
  return names
    .map(
      (name) =>
        `\n;{ const original = ${name}; ${name} = function ${name}(...args) { const count = globalThis[Symbol.for("gradlings.reference-call")]; return count ? count(${JSON.stringify(name)}, () => original.apply(this, args)) : original.apply(this, args); }; }`,
    )
    .join("");
}
