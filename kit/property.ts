/**
 * Property-based checks: fast-check draws inputs, the check compares the learner's values with
 * the reference, and a failure shrinks to the smallest input, shown as code the learner can
 * paste (the scenario that ran on it, see scenario.ts). Runs are deterministic (GRADLINGS_SEED,
 * fixed by default) so a failure replays; each property's inputs are seeded from the run's seed
 * and stable names (the check's id and the property's label), never from the grader's text.
 */
import fc from "fast-check";
import { CheckFailure, currentCheckId, LoadFailure } from "./check.ts";
import { describeError } from "./diagnose.ts";
import { gradingSeed } from "./seed.ts";

export { defaultSeed, gradingSeed } from "./seed.ts";

/** A per-property seed, so that properties draw independent inputs from one run seed. */
function seedFor(label: string): number {
  let h = gradingSeed() | 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return h | 0;
}

export interface PropertyOptions<T> {
  /**
   * Turns a drawn input into a few lines of code that set it up, shown on failure before the
   * failure's own code. Leave it out when the predicate runs a scenario: its code is shown.
   */
  readonly show?: (input: T) => string;
  readonly numRuns?: number;
  /** Names the property, so two properties in one check draw different inputs. */
  readonly label?: string;
}

/**
 * Check `predicate` on inputs drawn from `arbitrary`. The predicate fails by throwing
 * (CheckFailure from fail()/expect*, or anything learner code throws).
 */
export async function property<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (input: T) => void | Promise<void>,
  options: PropertyOptions<T> = {},
): Promise<void> {
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      await predicate(input);
    }),
    {
      seed: seedFor(`${currentCheckId()}/${options.label ?? ""}`),
      numRuns: options.numRuns ?? 100,
      endOnFailure: false,
    },
  );
  if (!details.failed) return;
  if (details.counterexample === null) {
    throw new CheckFailure(
      `The grader could not draw inputs for this check (${details.numSkips} skipped).`,
    );
  }
  const [input] = details.counterexample;
  const error = details.errorInstance;
  // A stub that is not written yet fails on every input: no counterexample is worth showing;
  // nor does a file that cannot be loaded at all (it is an error of the file, not of an input).
  if (error instanceof Error && error.name === "TodoError") throw error;
  if (error instanceof LoadFailure) throw error;
  const shown = options.show?.(input);
  if (error instanceof CheckFailure) {
    const code = [shown, error.code].filter((c) => c !== undefined).join("\n");
    const extra: { code?: string; mistake?: string } = code === "" ? {} : { code };
    if (error.mistake !== undefined) extra.mistake = error.mistake;
    throw new CheckFailure(error.message, extra);
  }
  throw new CheckFailure(
    `On this input your code failed: ${describeError(error)}`,
    shown === undefined ? {} : { code: shown },
  );
}
