/**
 * The module hooks behind import-watch.ts; they run on Node's loader thread. `resolve` records
 * what learner files import; `load` adds one line to learner and answer modules that hands
 * their namespace to import-watch.ts, which compares exports when the grading process ends.
 */
import { appendFileSync } from "node:fs";

interface WatchData {
  readonly log: string;
  /** File URL of the folder whose modules are the learner's (ends with "/"). */
  readonly watched: string;
  /** File URLs of the exercise's answer modules under reference/. */
  readonly answers: readonly string[];
}

interface ResolveContext {
  readonly parentURL?: string;
}

interface Resolved {
  readonly url: string;
}

interface Loaded {
  readonly format?: string | null;
  readonly source?: string | ArrayBuffer | Uint8Array | null;
}

let settings: WatchData | undefined;

export function initialize(data: WatchData): void {
  settings = data;
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: (specifier: string, context: ResolveContext) => Promise<Resolved>,
): Promise<Resolved> {
  const resolved = await nextResolve(specifier, context);
  const from = context.parentURL;
  if (settings && from?.startsWith(settings.watched) && resolved.url.startsWith("file:")) {
    try {
      appendFileSync(settings.log, `${JSON.stringify({ from, to: resolved.url, specifier })}\n`);
    } catch {
      // The record is a safeguard; grading goes on without it.
    }
  }
  return resolved;
}

export async function load(
  url: string,
  context: unknown,
  nextLoad: (url: string, context: unknown) => Promise<Loaded>,
): Promise<Loaded> {
  const loaded = await nextLoad(url, context);
  const bare = url.split("?")[0]!;
  const wanted =
    settings !== undefined &&
    (bare.startsWith(settings.watched) || settings.answers.includes(bare));
  if (!wanted || loaded.format !== "module" || loaded.source == null) return loaded;
  const source =
    typeof loaded.source === "string"
      ? loaded.source
      : new TextDecoder().decode(loaded.source as ArrayBuffer);
  const url$ = JSON.stringify(url);
  // A module may import itself; the namespace is complete by the time the process ends.
  const handOver = `\n;import * as __gradlingsSelf from ${url$};\n(globalThis[Symbol.for("gradlings.watched-modules")] ??= []).push({ url: ${url$}, module: __gradlingsSelf });\n`;
  return { ...loaded, source: source + handOver };
}
