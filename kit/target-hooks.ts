/**
 * The module hooks of a grading process (registered by grading-hooks.ts; they run on Node's
 * loader thread). Two jobs:
 *
 * - A target may be any folder on disk. The learner's files import the kit as a learner writes
 *   it (`#reference/...`), and Node would look that up in the nearest package.json: none, or the
 *   learner's own copy of the kit. So a package import from the target resolves as if written
 *   in the grading kit, and the target's code files load as ES modules whatever folder holds them.
 * - The kit's functions a grader may forbid are wrapped, so that it can count their calls while
 *   learner code runs (reference-calls.ts).
 * - Every module outside the target hands its namespace to isolation.ts as it finishes loading,
 *   so that what learner code later changes in the kit can be noticed (see isolation.ts).
 */

interface TargetHookData {
  /** File URL of the target folder (real path, ends with "/"). */
  readonly target: string;
  /** File URL of the grading kit's package.json: package imports resolve from there. */
  readonly kitPackage: string;
  /** Hand modules to isolation.ts (only a process that may grade a second exercise needs it). */
  readonly record: boolean;
  /** Modules of the kit (file URLs) whose functions are wrapped to count calls: reference-calls.ts. */
  readonly observed: Readonly<Record<string, string>>;
}

interface ResolveContext {
  readonly parentURL?: string;
}

interface Resolved {
  readonly url: string;
  readonly format?: string | null;
}

interface Loaded {
  readonly format?: string | null;
  readonly source?: string | ArrayBuffer | Uint8Array | null;
}

let settings: TargetHookData | undefined;

export function initialize(data: TargetHookData): void {
  settings = data;
}

/** `#reference/x.ts` or `fast-check`: a specifier Node looks up through a package.json. */
function isPackageSpecifier(specifier: string): boolean {
  return specifier.startsWith("#") || !/^(\.|\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}

const moduleCode = /\.(?:ts|mts|tsx|js|mjs|jsx)$/;

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: (specifier: string, context: ResolveContext) => Promise<Resolved>,
): Promise<Resolved> {
  const fromTarget = settings !== undefined && context.parentURL?.startsWith(settings.target);
  const resolved = await nextResolve(
    specifier,
    fromTarget && isPackageSpecifier(specifier)
      ? { ...context, parentURL: settings!.kitPackage }
      : context,
  );
  if (
    settings &&
    resolved.url.startsWith(settings.target) &&
    moduleCode.test(resolved.url.split("?")[0]!)
  )
    return { ...resolved, format: "module" };
  return resolved;
}

export async function load(
  url: string,
  context: unknown,
  nextLoad: (url: string, context: unknown) => Promise<Loaded>,
): Promise<Loaded> {
  let loaded = await nextLoad(url, context);
  const wrappers = settings?.observed[url.split("?")[0]!];
  if (wrappers !== undefined && loaded.format === "module" && loaded.source != null)
    loaded = { ...loaded, source: sourceText(loaded.source) + wrappers };
  if (
    settings?.record !== true ||
    loaded.format !== "module" ||
    loaded.source == null ||
    !url.startsWith("file:") ||
    url.startsWith(settings.target)
  )
    return loaded;
  const source = sourceText(loaded.source);
  const url$ = JSON.stringify(url);
  // Appended, so the learner's line numbers are untouched; it runs once the module has loaded.
  const handOver = `\n;import * as __gradlingsLoaded from ${url$};\nglobalThis[Symbol.for("gradlings.module-loaded")]?.(${url$}, __gradlingsLoaded);\n`;
  return { ...loaded, source: source + handOver };
}

function sourceText(source: string | ArrayBuffer | Uint8Array): string {
  return typeof source === "string" ? source : new TextDecoder().decode(source as ArrayBuffer);
}
