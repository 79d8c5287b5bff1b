/**
 * names.txt: the download code against a loopback server (success, a wrong file, 404, a
 * refused connection, a server that stalls or trickles), the environment variables, the
 * vocabulary and bigram pairs, and the numbers from outside on the real file when it is here.
 * Every test works in its own temporary folder: the kit's data/ is never touched.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  bigramPairs,
  buildVocabulary,
  DataError,
  downloadNames,
  ensureNames,
  loadWords,
  namesPath,
  namesSha256,
  sha256,
} from "#reference/makemore/data.ts";

const body = "emma\nolivia\nava\n";
const bodySha = sha256(body);
let server: Server;
let base = "";
const folders: string[] = [];
const timers = new Set<NodeJS.Timeout>();

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "gradlings-data-"));
  folders.push(dir);
  return dir;
}

/** A port nothing listens on: open one, note its number, close it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    const message = (error as DataError).message;
    // One sentence a CLI prints as it is: one line, one full stop at the end.
    expect(message).not.toContain("\n");
    expect(message).toMatch(/\.$/);
    return error as DataError;
  }
  throw new Error("expected the promise to reject");
}

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/names.txt") {
      response.writeHead(200, { "content-length": String(Buffer.byteLength(body)) });
      response.end(body);
    } else if (request.url === "/stall") {
      response.writeHead(200);
      response.write("emm"); // ...and nothing more
    } else if (request.url === "/hang") {
      // No headers, no body: the request just sits there.
    } else if (request.url === "/trickle") {
      // A byte every 50 ms, forever: never stalls, never ends.
      response.writeHead(200);
      const timer = setInterval(() => response.write("a"), 50);
      timers.add(timer);
      response.on("close", () => clearInterval(timer));
    } else {
      response.writeHead(404);
      response.end("not found");
    }
  });
  // Bounded: nothing in here may keep a socket open long after its test.
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const savedEnv = {
  names: process.env["GRADLINGS_NAMES"],
  url: process.env["GRADLINGS_NAMES_URL"],
};
function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
afterEach(() => {
  restore("GRADLINGS_NAMES", savedEnv.names);
  restore("GRADLINGS_NAMES_URL", savedEnv.url);
});

describe("downloading names.txt", () => {
  test("a good download is verified and written, with no temporary file left", async () => {
    const dir = tempDir();
    const target = join(dir, "names.txt");
    const seen: number[] = [];
    await downloadNames(target, {
      url: `${base}/names.txt`,
      sha256: bodySha,
      onProgress: (bytes) => seen.push(bytes),
    });
    expect(loadWords(target)).toEqual(["emma", "olivia", "ava"]);
    expect(readdirSync(dir)).toEqual(["names.txt"]);
    expect(seen.at(-1)).toBe(Buffer.byteLength(body));
  });

  test("ensureNames downloads into the data folder when the file is missing", async () => {
    delete process.env["GRADLINGS_NAMES"];
    const dir = tempDir();
    const path = await ensureNames({ dataDir: dir, url: `${base}/names.txt`, sha256: bodySha });
    expect(path).toBe(join(dir, "names.txt"));
    expect(readdirSync(dir)).toEqual(["names.txt"]);
  });

  test("ensureNames uses a good copy without going to the network", async () => {
    delete process.env["GRADLINGS_NAMES"];
    const dir = tempDir();
    writeFileSync(join(dir, "names.txt"), body);
    const nowhere = `http://127.0.0.1:${await closedPort()}/names.txt`;
    const path = await ensureNames({ dataDir: dir, url: nowhere, sha256: bodySha });
    expect(path).toBe(join(dir, "names.txt"));
  });

  test("ensureNames replaces a broken copy (a truncated download) with a fresh one", async () => {
    delete process.env["GRADLINGS_NAMES"];
    const dir = tempDir();
    writeFileSync(join(dir, "names.txt"), "emma\noli");
    await ensureNames({ dataDir: dir, url: `${base}/names.txt`, sha256: bodySha });
    expect(loadWords(join(dir, "names.txt"))).toEqual(["emma", "olivia", "ava"]);
    expect(readdirSync(dir)).toEqual(["names.txt"]);
  });

  test("a file with the wrong checksum is refused, both hashes named, nothing left behind", async () => {
    const dir = tempDir();
    // The real default checksum: the small file served here does not have it.
    const error = await rejection(
      downloadNames(join(dir, "names.txt"), { url: `${base}/names.txt` }),
    );
    expect(error.message).toContain(bodySha);
    expect(error.message).toContain(namesSha256);
    expect(error.message).toMatch(/nothing was saved/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a 404 says the status and the address, and nothing is written", async () => {
    const dir = tempDir();
    const error = await rejection(
      downloadNames(join(dir, "names.txt"), { url: `${base}/missing.txt`, sha256: bodySha }),
    );
    expect(error.message).toMatch(/HTTP status 404/);
    expect(error.message).toContain(`${base}/missing.txt`);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a refused connection says the kit could not reach it and how to get a copy by hand", async () => {
    const dir = tempDir();
    const target = join(dir, "names.txt");
    const url = `http://127.0.0.1:${await closedPort()}/names.txt`;
    const error = await rejection(downloadNames(target, { url, sha256: bodySha }));
    expect(error.message).toMatch(/could not reach/);
    expect(error.message).toMatch(/connection refused/);
    expect(error.message).toContain(`download ${url} by hand into ${target}`);
    expect(error.message).toContain("GRADLINGS_NAMES=/path/to/names.txt");
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a server that stalls mid-body is given up on, quickly", async () => {
    const dir = tempDir();
    const started = performance.now();
    const error = await rejection(
      downloadNames(join(dir, "names.txt"), {
        url: `${base}/stall`,
        sha256: bodySha,
        stallMs: 300,
        timeoutMs: 5000,
      }),
    );
    expect(error.message).toMatch(/timed out after 0\.3 s/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a server that never answers is given up on, quickly", async () => {
    const dir = tempDir();
    const started = performance.now();
    const error = await rejection(
      downloadNames(join(dir, "names.txt"), { url: `${base}/hang`, sha256: bodySha, stallMs: 300 }),
    );
    expect(error.message).toMatch(/timed out after 0\.3 s/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a server that trickles forever hits the overall time limit", async () => {
    const dir = tempDir();
    const started = performance.now();
    const error = await rejection(
      downloadNames(join(dir, "names.txt"), {
        url: `${base}/trickle`,
        sha256: bodySha,
        stallMs: 5000,
        timeoutMs: 400,
      }),
    );
    expect(error.message).toMatch(/timed out after 0\.4 s/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a data folder that cannot be written to is one sentence, and nothing is left", async () => {
    const dir = tempDir();
    const blocker = join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    const error = await rejection(
      downloadNames(join(blocker, "names.txt"), { url: `${base}/names.txt`, sha256: bodySha }),
    );
    expect(error.message).toMatch(/could not write names\.txt/);
    expect(readdirSync(dir)).toEqual(["not-a-folder"]);
  });

  test("GRADLINGS_NAMES_URL changes where the kit downloads from", async () => {
    process.env["GRADLINGS_NAMES_URL"] = `${base}/names.txt`;
    const dir = tempDir();
    await downloadNames(join(dir, "names.txt"), { sha256: bodySha });
    expect(readdirSync(dir)).toEqual(["names.txt"]);
  });
});

describe("GRADLINGS_NAMES", () => {
  test("pointing at a missing file is one sentence", async () => {
    const missing = join(tempDir(), "nowhere.txt");
    process.env["GRADLINGS_NAMES"] = missing;
    const error = await rejection(ensureNames({ dataDir: tempDir() }));
    expect(error.message).toContain(`GRADLINGS_NAMES points at ${missing}, which does not exist`);
  });

  test("pointing at the wrong file names both checksums", async () => {
    const file = join(tempDir(), "names.txt");
    writeFileSync(file, body);
    process.env["GRADLINGS_NAMES"] = file;
    const error = await rejection(ensureNames({ dataDir: tempDir() }));
    expect(error.message).toContain(bodySha);
    expect(error.message).toContain(namesSha256);
  });

  test("a good file is used as it is, and namesPath says so", async () => {
    const file = join(tempDir(), "names.txt");
    writeFileSync(file, body);
    process.env["GRADLINGS_NAMES"] = file;
    expect(namesPath()).toBe(file);
    expect(await ensureNames({ sha256: bodySha })).toBe(file);
  });
});

describe("words, vocabulary and bigram pairs", () => {
  test("loadWords trims lines and drops empty ones (Windows line ends too)", () => {
    const file = join(tempDir(), "words.txt");
    writeFileSync(file, "emma\r\n  ava \n\n\nbob\n");
    expect(loadWords(file)).toEqual(["emma", "ava", "bob"]);
  });

  test("loadWords on a missing file says to run npm run data", () => {
    expect(() => loadWords(join(tempDir(), "names.txt"))).toThrow(/npm run data/);
  });

  test("the vocabulary comes from the data: '.' first, then the sorted characters", () => {
    const { chars, stoi, itos } = buildVocabulary(["emma", "bob"]);
    expect(chars).toEqual(["a", "b", "e", "m", "o"]);
    expect(itos).toEqual([".", "a", "b", "e", "m", "o"]);
    expect(itos.map((c) => stoi.get(c))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('"emma" gives five pairs: .e em mm ma a.', () => {
    const { stoi, itos } = buildVocabulary(["emma"]);
    const { xs, ys } = bigramPairs(["emma"], stoi);
    const pairs = xs.map((x, k) => itos[x] + itos[ys[k]]);
    expect(pairs).toEqual([".e", "em", "mm", "ma", "a."]);
  });

  test("stoi may be a plain object; an unknown character is a DataError", () => {
    const stoi = { ".": 0, a: 1, b: 2 };
    expect(bigramPairs(["ab"], stoi)).toEqual({ xs: [0, 1, 2], ys: [1, 2, 0] });
    expect(() => bigramPairs(["abc"], stoi)).toThrow(DataError);
  });
});

// The numbers from outside need the real file: CI copies it into data/; locally, `npm run data`.
const realPath = namesPath();
const realHere = existsSync(realPath) && sha256(readFileSync(realPath)) === namesSha256;
const title = realHere
  ? "names.txt, the lecture's numbers"
  : `names.txt, the lecture's numbers (skipped: no verified names.txt at ${realPath}; run \`npm run data\` or set GRADLINGS_NAMES)`;

describe.skipIf(!realHere)(title, () => {
  const words = realHere ? loadWords(realPath) : [];

  test("32033 words of 2 to 15 letters; 228146 bigrams", () => {
    expect(words).toHaveLength(32033);
    expect(Math.min(...words.map((w) => w.length))).toBe(2);
    expect(Math.max(...words.map((w) => w.length))).toBe(15);
    const { stoi } = buildVocabulary(words);
    const { xs, ys } = bigramPairs(words, stoi);
    expect(xs).toHaveLength(228146);
    expect(ys).toHaveLength(228146);
  });

  test('the vocabulary: 27 entries, "." is 0, a is 1, z is 26', () => {
    const { chars, stoi, itos } = buildVocabulary(words);
    expect(itos).toHaveLength(27);
    expect(chars.join("")).toBe("abcdefghijklmnopqrstuvwxyz");
    expect([stoi.get("."), stoi.get("a"), stoi.get("z")]).toEqual([0, 1, 26]);
    expect([itos[0], itos[1], itos[26]]).toEqual([".", "a", "z"]);
  });

  test("counts n→. 6763, a→. 6640, a→n 5438, .→a 4410", () => {
    const { stoi } = buildVocabulary(words);
    const { xs, ys } = bigramPairs(words, stoi);
    const count = (a: string, b: string): number => {
      const x = stoi.get(a);
      const y = stoi.get(b);
      let n = 0;
      for (let k = 0; k < xs.length; k++) if (xs[k] === x && ys[k] === y) n++;
      return n;
    };
    expect([count("n", "."), count("a", "."), count("a", "n"), count(".", "a")]).toEqual([
      6763, 6640, 5438, 4410,
    ]);
  });

  test("loadWords() with no path reads and verifies the same file", () => {
    expect(loadWords()).toEqual(words);
  });
});
