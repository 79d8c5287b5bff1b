/**
 * names.txt: 32,033 names, one per line, from the makemore repository.
 *
 * The kit fetches it into data/ on first need, checks its SHA-256, and writes it atomically
 * (a temporary file next to it, flushed to disk, then renamed), so a failed download never
 * leaves a partial or wrong file behind. GRADLINGS_NAMES may point at a local copy instead,
 * and GRADLINGS_NAMES_URL at another address to download from.
 *
 * Then the words become the model's alphabet: the vocabulary ("." is 0, the letters follow)
 * and the bigram pairs, each word read as ".word." two characters at a time.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { vocabulary } from "./words.ts";

/** Where the kit downloads names.txt from, unless GRADLINGS_NAMES_URL or an option says otherwise. */
export const namesUrl = "https://raw.githubusercontent.com/karpathy/makemore/master/names.txt";
/** The SHA-256 of the real names.txt: any other file is refused. */
export const namesSha256 = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d";
/** The kit's data/ folder (git-ignored), at the root of the kit. */
export const defaultDataDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "data");

/** A problem with the data, said in one sentence a CLI can print as it is. */
export class DataError extends Error {
  override name = "DataError";
}

export interface FetchOptions {
  /** Where names.txt is kept (default: the kit's data/ folder). */
  readonly dataDir?: string;
  /** Where to download from (default: GRADLINGS_NAMES_URL, else the makemore repository). */
  readonly url?: string;
  /** The SHA-256 the file must have (default: the real names.txt's); tests serve other files. */
  readonly sha256?: string;
  /** Give up after this many milliseconds in all (default 30 s). */
  readonly timeoutMs?: number;
  /** Give up when no byte arrives for this many milliseconds (default 15 s). */
  readonly stallMs?: number;
  /** Called as bytes arrive, with the total when the server says it. */
  readonly onProgress?: (bytes: number, total: number | undefined) => void;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** The end of every message that a copy by hand would fix. */
function howToGetIt(url: string, target: string): string {
  return `download ${url} by hand into ${target}, or set GRADLINGS_NAMES=/path/to/names.txt`;
}

/** Network error codes that mean "we never got to talk to the server". */
const unreachable: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "name lookup failed, are you offline?",
  ENETUNREACH: "network unreachable",
  EHOSTUNREACH: "host unreachable",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed",
};

/** The error code fetch buried in `cause` (undici nests it, sometimes twice). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Object; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Downloads the whole body, or throws a DataError saying what went wrong and what to do. */
async function fetchBytes(url: string, target: string, options: FetchOptions): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stallMs = options.stallMs ?? 15_000;
  const controller = new AbortController();
  // Why we aborted, if we did: fetch itself only says "aborted".
  let timedOut = "";
  const abort = (why: string) => {
    timedOut = why;
    controller.abort();
  };
  const stalled = () => abort(`timed out after ${seconds(stallMs)} with nothing arriving`);
  const overall = setTimeout(() => abort(`timed out after ${seconds(timeoutMs)}`), timeoutMs);
  let stall = setTimeout(stalled, stallMs);
  const failure = (error: unknown): DataError => {
    if (timedOut)
      return new DataError(
        `The download of names.txt from ${url} ${timedOut}; try again, or ${howToGetIt(url, target)}.`,
      );
    const code = errorCode(error);
    const what = (code && unreachable[code]) ?? code ?? (error as Error).message;
    return new DataError(`The kit could not reach ${url} (${what}); ${howToGetIt(url, target)}.`);
  };
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal });
    } catch (error) {
      throw failure(error);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new DataError(
        `Downloading names.txt failed with HTTP status ${response.status} from ${url}; check the address, or ${howToGetIt(url, target)}.`,
      );
    }
    const total = Number(response.headers.get("content-length")) || undefined;
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    try {
      for await (const chunk of response.body) {
        chunks.push(chunk);
        bytes += chunk.length;
        clearTimeout(stall);
        stall = setTimeout(stalled, stallMs);
        options.onProgress?.(bytes, total);
      }
    } catch (error) {
      throw failure(error);
    }
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(overall);
    clearTimeout(stall);
  }
}

/** Cleans up after a failure without hiding it behind a second error. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was written there, or it cannot be reached: either way nothing to remove.
  }
}

/**
 * Writes `bytes` to `target` so that `target` is either absent or complete: a temporary file
 * in the same folder, flushed to disk, then renamed over it. On failure nothing is left.
 */
function writeAtomically(target: string, bytes: Uint8Array): void {
  const folder = dirname(target);
  const temporary = join(folder, `.names.txt.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    mkdirSync(folder, { recursive: true });
    const fd = openSync(temporary, "w");
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    removeQuietly(temporary);
    const code = errorCode(error) ?? (error as Error).message;
    throw new DataError(
      `The kit could not write names.txt into ${folder} (${code}); make that folder writable, or set GRADLINGS_NAMES=/path/to/names.txt.`,
    );
  }
}

/** Downloads names.txt to `target`, checking the checksum before the file appears. */
export async function downloadNames(target: string, options: FetchOptions = {}): Promise<void> {
  const url = options.url ?? process.env["GRADLINGS_NAMES_URL"] ?? namesUrl;
  const expected = options.sha256 ?? namesSha256;
  const bytes = await fetchBytes(url, target, options);
  const actual = sha256(bytes);
  if (actual !== expected) {
    throw new DataError(
      `The file downloaded from ${url} is not the expected names.txt (sha256 ${actual}, expected ${expected}), so nothing was saved; check GRADLINGS_NAMES_URL, or ${howToGetIt(namesUrl, target)}.`,
    );
  }
  writeAtomically(target, bytes);
}

/**
 * Where the kit reads names.txt from: GRADLINGS_NAMES if set, else data/names.txt. The file
 * may not be there yet (ensureNames fetches it).
 */
export function namesPath(options: { readonly dataDir?: string } = {}): string {
  return process.env["GRADLINGS_NAMES"] || join(options.dataDir ?? defaultDataDir, "names.txt");
}

/** Throws a DataError unless `path` exists and has the expected checksum. */
function verifyFile(path: string, expected: string, what: string): void {
  if (!existsSync(path)) {
    throw new DataError(
      `${what} ${path}, which does not exist; point it at a copy of names.txt, or unset it to let the kit download one.`,
    );
  }
  const actual = sha256(readFileSync(path));
  if (actual !== expected) {
    throw new DataError(
      `${what} ${path}, which is not the expected names.txt (sha256 ${actual}, expected ${expected}); point it at the real names.txt, or unset it to let the kit download one.`,
    );
  }
}

function matches(path: string, expected: string): boolean {
  return existsSync(path) && sha256(readFileSync(path)) === expected;
}

/**
 * The path of a verified names.txt: GRADLINGS_NAMES if set (it must be the real file), else
 * data/names.txt, downloaded first when it is missing or not the real file. Throws a
 * DataError, one sentence saying what to do, when none of that works.
 */
export async function ensureNames(options: FetchOptions = {}): Promise<string> {
  const expected = options.sha256 ?? namesSha256;
  const override = process.env["GRADLINGS_NAMES"];
  if (override) {
    verifyFile(override, expected, "GRADLINGS_NAMES points at");
    return override;
  }
  const target = namesPath(options);
  if (matches(target, expected)) return target;
  // Missing, or a broken copy (a truncated download, an edited file): fetch it again.
  await downloadNames(target, options);
  return target;
}

/**
 * The names, one per line, trimmed, without empty lines. Synchronous, for graders and tests,
 * once ensureNames has run. Without a path it reads namesPath() and checks its checksum; with
 * a path it reads that file as it is (tests pass small word lists).
 */
export function loadWords(path?: string): string[] {
  const file = path ?? namesPath();
  if (!existsSync(file)) {
    throw new DataError(
      `names.txt is not at ${file} yet; run \`npm run data\` once to fetch it, or set GRADLINGS_NAMES=/path/to/names.txt.`,
    );
  }
  if (path === undefined && !matches(file, namesSha256)) {
    throw new DataError(
      `${file} is not the expected names.txt (its sha256 differs); delete it and run \`npm run data\` to fetch it again.`,
    );
  }
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** The model's alphabet: `itos[i]` is character i, `stoi` maps back; "." is 0. */
export interface CharVocabulary {
  /** The characters that occur in the words, sorted (for names.txt: a to z). */
  readonly chars: readonly string[];
  readonly stoi: ReadonlyMap<string, number>;
  /** "." then `chars`: for names.txt "." is 0 and a to z are 1 to 26. */
  readonly itos: readonly string[];
}

/** The vocabulary, built from the words themselves (nothing hard-coded but the "." token). */
export function buildVocabulary(words: readonly string[]): CharVocabulary {
  const { stoi, itos } = vocabulary(words);
  return { chars: itos.slice(1), stoi, itos };
}

/**
 * Every bigram of every word, start and end tokens included, as two index lists: `xs[k]` is a
 * character and `ys[k]` the one that follows it. A word of n letters gives n + 1 pairs
 * (".emma." gives .e em mm ma a.).
 */
export function bigramPairs(
  words: readonly string[],
  stoi: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
): { xs: number[]; ys: number[] } {
  const indexOf = (ch: string, word: string): number => {
    const index = stoi instanceof Map ? stoi.get(ch) : (stoi as Record<string, number>)[ch];
    if (index === undefined)
      throw new DataError(`The character "${ch}" in "${word}" is not in the vocabulary.`);
    return index;
  };
  const xs: number[] = [];
  const ys: number[] = [];
  for (const word of words) {
    const chars = [".", ...word, "."];
    for (let i = 0; i + 1 < chars.length; i++) {
      xs.push(indexOf(chars[i], word));
      ys.push(indexOf(chars[i + 1], word));
    }
  }
  return { xs, ys };
}
