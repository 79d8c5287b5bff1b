/**
 * names.txt: 32,033 names, one per line, from the makemore repository. The kit fetches it into
 * data/ on first need, checks its SHA-256, and writes it atomically (a temporary file, then a
 * rename), so a failed download never leaves a partial file behind. GRADLINGS_NAMES may point
 * at a local copy instead.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const namesUrl = "https://raw.githubusercontent.com/karpathy/makemore/master/names.txt";
export const namesSha256 = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d";
export const defaultDataDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "data");

/** A problem with the data, said in one sentence a CLI can print as it is. */
export class DataError extends Error {
  override name = "DataError";
}

export interface FetchOptions {
  /** Where names.txt is kept (default: the kit's data/ folder). */
  readonly dataDir?: string;
  readonly url?: string;
  readonly sha256?: string;
  /** Give up after this many milliseconds in all (default 60 s). */
  readonly timeoutMs?: number;
  /** Give up when no byte arrives for this long (default 15 s). */
  readonly stallMs?: number;
  readonly onProgress?: (bytes: number, total: number | undefined) => void;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function howToGetIt(url: string, target: string): string {
  return `Download ${url} by hand into ${target}, or set GRADLINGS_NAMES=/path/to/names.txt.`;
}

/** Downloads to `target` atomically, checking the checksum before the file appears. */
export async function downloadNames(target: string, options: FetchOptions = {}): Promise<void> {
  const url = options.url ?? process.env["GRADLINGS_NAMES_URL"] ?? namesUrl;
  const expected = options.sha256 ?? namesSha256;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const stallMs = options.stallMs ?? 15_000;
  const controller = new AbortController();
  let reason = "";
  const abort = (why: string) => {
    reason = why;
    controller.abort();
  };
  const total = setTimeout(() => abort(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
  let stall = setTimeout(() => abort(`stalled: nothing arrived for ${stallMs / 1000} s`), stallMs);
  const chunks: Uint8Array[] = [];
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new DataError(
        `Could not fetch names.txt from ${url} (${reason || cause || (error as Error).message}). ${howToGetIt(url, target)}`,
      );
    }
    if (!response.ok || !response.body) {
      throw new DataError(
        `Fetching names.txt from ${url} failed with HTTP status ${response.status}. ${howToGetIt(url, target)}`,
      );
    }
    const length = Number(response.headers.get("content-length")) || undefined;
    let bytes = 0;
    try {
      for await (const chunk of response.body) {
        chunks.push(chunk);
        bytes += chunk.length;
        clearTimeout(stall);
        stall = setTimeout(
          () => abort(`stalled: nothing arrived for ${stallMs / 1000} s`),
          stallMs,
        );
        options.onProgress?.(bytes, length);
      }
    } catch (error) {
      throw new DataError(
        `The download of names.txt from ${url} broke off (${reason || (error as Error).message}). ${howToGetIt(url, target)}`,
      );
    }
  } finally {
    clearTimeout(total);
    clearTimeout(stall);
  }
  const body = Buffer.concat(chunks);
  const actual = sha256(body);
  if (actual !== expected) {
    throw new DataError(
      `The file downloaded from ${url} is not the expected names.txt (sha256 ${actual}, expected ${expected}); nothing was saved.`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.download`;
  try {
    writeFileSync(temporary, body);
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * The path of a verified names.txt: GRADLINGS_NAMES if set, else data/names.txt, downloaded
 * first if it is missing. Throws a DataError with what to do when neither works.
 */
export async function ensureNames(options: FetchOptions = {}): Promise<string> {
  const override = process.env["GRADLINGS_NAMES"];
  if (override) {
    verifyFile(override, options.sha256 ?? namesSha256, "GRADLINGS_NAMES points at");
    return override;
  }
  const target = join(options.dataDir ?? defaultDataDir, "names.txt");
  if (existsSync(target)) {
    verifyFile(target, options.sha256 ?? namesSha256, "The kit's copy,");
    return target;
  }
  await downloadNames(target, options);
  return target;
}

function verifyFile(path: string, expected: string, what: string): void {
  if (!existsSync(path))
    throw new DataError(`${what} ${path}, which does not exist. ${howToGetIt(namesUrl, path)}`);
  const actual = sha256(readFileSync(path));
  if (actual !== expected) {
    throw new DataError(
      `${what} ${path}, is not the expected names.txt (sha256 ${actual}, expected ${expected}). Delete it and run \`npm run data\` to fetch it again.`,
    );
  }
}

/** The names, one per line, without empty lines: synchronous, for graders and tests, once ensureNames has run. */
export function loadWords(
  path: string = process.env["GRADLINGS_NAMES"] ?? join(defaultDataDir, "names.txt"),
): string[] {
  if (!existsSync(path)) {
    throw new DataError(
      `names.txt is not at ${path} yet: run \`npm run data\` once to fetch it (or set GRADLINGS_NAMES=/path/to/names.txt).`,
    );
  }
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
