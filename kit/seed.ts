/**
 * The run's seed, kept apart from property.ts so that the runner can read it without loading
 * fast-check (the runner's start-up time is part of every verdict a learner waits for).
 */

/** The default seed; `npm run exercise N -- --fresh` draws another and prints it. */
export const defaultSeed = 20231123;

export function gradingSeed(): number {
  const raw = process.env["GRADLINGS_SEED"];
  if (raw === undefined || raw === "") return defaultSeed;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed))
    throw new Error(`GRADLINGS_SEED must be an integer, not "${raw}".`);
  return seed;
}
