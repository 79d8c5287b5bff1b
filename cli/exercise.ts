/**
 * The learner's runner, `npm run exercise` (see lib/exercise-command.ts for what it does).
 *
 * This entry loads little on purpose. For the commonest command, `npm run exercise N`, it
 * starts the grading process first, and loads the rest of the runner while that process starts:
 * Node and the TypeScript loader take a grading process longer to start than the runner takes
 * to load, and on two cores both happen at once. The runner's grading takes the process if it
 * fits (kit/supervise.ts); any other command never starts one.
 */
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { discardPrestarted, prestartGrading } from "#kit/supervise.ts";

/** npm's way of passing `npm run exercise 3 --hint` (without the `--`): see fromNpmConfig. */
const npmFlags = ["watch", "hint", "reset", "solution", "fresh", "show", "help"];

/** Whether npm passed any of the runner's options (npm sets some of these, false, itself). */
function npmOptions(): boolean {
  if (process.env["npm_lifecycle_event"] !== "exercise") return false;
  const seed = process.env["npm_config_seed"];
  return (
    npmFlags.some((flag) => process.env[`npm_config_${flag}`] === "true") ||
    (seed !== undefined && seed !== "")
  );
}

/** The exercise `npm run exercise N` grades once, as it is written; anything else: undefined. */
function gradedOnce(argv: readonly string[]): Exercise | undefined {
  if (argv.length !== 1 || argv[0]!.startsWith("-")) return undefined;
  if (npmOptions()) return undefined;
  const name = argv[0]!.toLowerCase();
  return /^\d+$/.test(name)
    ? curriculum.find((e) => e.number === Number(name))
    : curriculum.find((e) => e.id === name || e.slug === name);
}

const early = gradedOnce(process.argv.slice(2));
try {
  if (early) prestartGrading(early, { watchImports: true });
} catch {
  // Only a head start: the grading starts its own process as it always could.
}
try {
  await import("./lib/exercise-command.ts");
} finally {
  discardPrestarted();
}
