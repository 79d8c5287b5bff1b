/**
 * Scenarios: what a check shows is what it ran.
 *
 * A scenario is a few lines of TypeScript written as a learner would paste them into a file
 * beside their own: import lines first (their file as "./engine.ts", the kit's modules as
 * "#reference/..."), then statements. The check runs exactly that text, with the learner's
 * file bound to the module the grader loaded, and reads back the variables it declared. When
 * anything fails inside, the failure carries the same text, so the code a learner is shown is
 * the code that ran: it cannot drift from the check, and it runs as printed.
 */
import { CheckFailure, LoadFailure } from "./check.ts";
import { describeError } from "./diagnose.ts";
import type { Loader } from "./target.ts";

// The constructor of `async function`s, which the language does not name.
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...parameters: string[]
) => (...args: unknown[]) => Promise<unknown>;

interface ImportLine {
  readonly specifier: string;
  /** [name in the module, local name]; a namespace import is ["*", local]. */
  readonly bindings: ReadonlyArray<readonly [string, string]>;
}

const importPattern = /^import\s+(?:\{([^}]*)\}|\*\s+as\s+([\w$]+))\s+from\s+"([^"]+)";?\s*$/;

/** Splits a scenario into its import lines and the statements after them. */
function parse(code: string): { imports: ImportLine[]; body: string } {
  const lines = code.split("\n");
  const imports: ImportLine[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("//")) continue;
    const match = importPattern.exec(line);
    if (!match) break;
    const [, named, namespace, specifier] = match;
    const bindings: Array<readonly [string, string]> = namespace
      ? [["*", namespace]]
      : named!
          .split(",")
          .map((b) => b.trim())
          .filter((b) => b !== "")
          .map((b) => {
            const [name, local] = b.split(/\s+as\s+/);
            return [name!, local ?? name!] as const;
          });
    imports.push({ specifier: specifier!, bindings });
  }
  return { imports, body: lines.slice(i).join("\n") };
}

/** The names the statements declare at their top level: `const a`, `let [x, y]`, `const { P }`. */
function declaredNames(body: string): string[] {
  const names: string[] = [];
  for (const m of body.matchAll(/^(?:const|let|var)\s+([\w$]+|\{[^}]*\}|\[[^\]]*\])\s*=/gm)) {
    const target = m[1]!;
    if (/^[\w$]+$/.test(target)) names.push(target);
    else
      for (const part of target.slice(1, -1).split(",")) {
        const local = part.split(":").pop()!.split("=")[0]!.trim();
        if (/^[\w$]+$/.test(local)) names.push(local);
      }
  }
  return names;
}

/** The kit's own modules a scenario may import, loaded once each. */
const kitModules = new Map<string, Promise<Record<string, unknown>>>();

async function moduleFor(
  specifier: string,
  learnerFile: string,
  learner: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (specifier === `./${learnerFile}`) return learner;
  if (!specifier.startsWith("#reference/"))
    throw new Error(
      `A scenario may import the learner's "./${learnerFile}" and "#reference/..." modules, not "${specifier}".`,
    );
  let loaded = kitModules.get(specifier);
  if (!loaded) {
    loaded = import(specifier) as Promise<Record<string, unknown>>;
    kitModules.set(specifier, loaded);
  }
  return loaded;
}

/** The variables a scenario declared, by name (the grader knows their types). */
// biome-ignore lint/suspicious/noExplicitAny: a scenario's variables are whatever its code made.
export type ScenarioValues = Record<string, any>;

/**
 * Runs `code` against the learner's module, then `inspect` on the variables it declared.
 * A throw from the code, and any failure `inspect` raises without code of its own, is reported
 * with `code` as the reproduction.
 */
export async function scenario<T>(
  learner: Loader<T>,
  code: string,
  inspect: (values: ScenarioValues) => void | Promise<void> = () => {},
): Promise<void> {
  const values = await runScenario(learner, code);
  try {
    await inspect(values);
  } catch (error) {
    throw withCode(error, code);
  }
}

/** Runs `code` and returns the variables it declared (see scenario). */
export async function runScenario<T>(learner: Loader<T>, code: string): Promise<ScenarioValues> {
  const module = (await learner()) as Record<string, unknown>;
  const { imports, body } = parse(code);
  const locals: string[] = [];
  const bound: unknown[] = [];
  for (const line of imports) {
    const source = await moduleFor(line.specifier, learner.file, module);
    for (const [name, local] of line.bindings) {
      if (name !== "*" && !(name in source))
        throw new Error(`A scenario imports "${name}", which "${line.specifier}" does not export.`);
      locals.push(local);
      bound.push(name === "*" ? source : source[name]);
    }
  }
  const names = declaredNames(body);
  const run = new AsyncFunction(...locals, `${body}\nreturn { ${names.join(", ")} };`);
  try {
    return (await run(...bound)) as ScenarioValues;
  } catch (error) {
    throw withCode(error, code);
  }
}

/** The failure with `code` as its reproduction (code of its own, more specific, is kept). */
export function withCode(error: unknown, code: string): CheckFailure | unknown {
  if (error instanceof CheckFailure) {
    if (error.code !== undefined || error instanceof LoadFailure) return error;
    const options: { code: string; mistake?: string } = { code };
    if (error.mistake !== undefined) options.mistake = error.mistake;
    return new CheckFailure(error.message, options);
  }
  if (error instanceof Error && error.name === "TodoError") return error;
  return new CheckFailure(`This code failed: ${describeError(error)}`, { code });
}

/** The import line of a scenario for the learner's exports: `import { Value } from "./engine.ts";` */
export function importLearner<T>(
  learner: Loader<T>,
  ...names: ReadonlyArray<keyof T & string>
): string {
  return `import { ${names.join(", ")} } from "./${learner.file}";`;
}
