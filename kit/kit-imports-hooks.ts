/**
 * Module hooks for kit-imports.ts. Package imports (`#reference/*` and the rest) resolve from
 * the kit's package.json whatever folder imports them, and a TypeScript file outside the kit,
 * which has no package.json saying `"type": "module"`, is still read as an ES module.
 */

const kitRoot = new URL("../", import.meta.url).href;
const kitManifest = new URL("../package.json", import.meta.url).href;

interface ResolveContext {
  readonly parentURL?: string | undefined;
  readonly conditions: readonly string[];
  readonly importAttributes: Record<string, string>;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null | undefined;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult>;

/** A learner's file outside the kit (the kit's dependencies may be linked from elsewhere). */
const outsideKit = (url: string | undefined) =>
  url?.startsWith("file:") === true && !url.startsWith(kitRoot) && !url.includes("/node_modules/");

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  if (specifier.startsWith("#") && outsideKit(context.parentURL))
    return nextResolve(specifier, { ...context, parentURL: kitManifest });
  return nextResolve(specifier, context);
}

interface LoadContext {
  readonly format?: string | null | undefined;
  readonly conditions: readonly string[];
  readonly importAttributes: Record<string, string>;
}
interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array | undefined;
  readonly shortCircuit?: boolean;
}
type NextLoad = (url: string, context: LoadContext) => Promise<LoadResult>;

export async function load(
  url: string,
  context: LoadContext,
  nextLoad: NextLoad,
): Promise<LoadResult> {
  if (outsideKit(url) && /\.m?ts$/.test(new URL(url).pathname))
    return nextLoad(url, { ...context, format: "module" });
  return nextLoad(url, context);
}
