/**
 * Checks: the unit a grader is made of. Each has a stable id, a title a learner understands,
 * and points. A grader file registers its checks at import; the grading process runs them in
 * order (see child.ts), and under vitest each check is also a test.
 */

export interface CheckSpec {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  readonly run: () => void | Promise<void>;
}

/**
 * The known mistakes a check can name, by id. The kit never imports the course, so it declares
 * this empty; the course's registry (course/mistakes.ts) fills it by module augmentation. Since
 * tsc reads both, `fail(message, { mistake })` type-checks only with a registered id, and a
 * grader that picks its id at run time must pick among registered literals.
 */
// biome-ignore lint/suspicious/noEmptyInterface: course/mistakes.ts fills it (see above)
export interface KnownMistakes {}

/** The id of a registered mistake: kebab-case, one of course/mistakes.ts's keys. */
export type MistakeId = keyof KnownMistakes & string;

/** A failure the grader explains: `message` is for the learner, `code` reproduces it. */
export class CheckFailure extends Error {
  override name = "CheckFailure";
  readonly code: string | undefined;
  readonly mistake: string | undefined;
  constructor(message: string, options: { code?: string; mistake?: string } = {}) {
    super(message);
    this.code = options.code;
    this.mistake = options.mistake;
  }
}

/** The learner's file could not be loaded at all (a syntax error, a throw at import). */
export class LoadFailure extends CheckFailure {
  override name = "LoadFailure";
}

/**
 * A sentence for the learner that does not fail the check: something harmless but worth
 * knowing (a parameter that can never learn, say). Shown beside the check, passed or not.
 */
export function note(message: string): void {
  if (!notes.includes(message)) notes.push(message);
}

let notes: string[] = [];

/** The notes the running check left, emptied for the next one (see child.ts). */
export function takeNotes(): string[] {
  const taken = notes;
  notes = [];
  return taken;
}

/** Fail the current check with a sentence for the learner. */
export function fail(message: string, options: { code?: string; mistake?: MistakeId } = {}): never {
  throw new CheckFailure(message, options);
}

const registry: CheckSpec[] = [];

export function registeredChecks(): readonly CheckSpec[] {
  return registry;
}

/** Empties the registry, so that one grading process can import several graders in turn. */
export const clearRegisteredChecks = (): void => void registry.splice(0);

// Under vitest a grader file is also a test file: every check becomes a test.
const vitestTest = process.env["VITEST"] ? (await import("vitest")).test : undefined;

export function check(
  id: string,
  title: string,
  points: number,
  run: () => void | Promise<void>,
): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`check id "${id}" must be kebab-case`);
  if (registry.some((c) => c.id === id)) throw new Error(`check id "${id}" is used twice`);
  const running = async () => {
    runningCheck = id;
    await run();
  };
  registry.push({ id, title, points, run: running });
  vitestTest?.(`${id}: ${title}`, running);
}

let runningCheck: string | undefined;

/** The id of the check that is running: a stable name to seed its random inputs from. */
export function currentCheckId(): string {
  return runningCheck ?? "";
}
