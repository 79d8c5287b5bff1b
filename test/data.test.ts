/**
 * names.txt: the download code against a loopback server (success, a wrong file, 404, a
 * refused connection, a server that stalls), and the numbers from outside on the real file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countBigrams } from "../reference/makemore/bigram.ts";
import {
  DataError,
  defaultDataDir,
  downloadNames,
  ensureNames,
  loadWords,
  sha256,
} from "../reference/makemore/data.ts";
import { bigrams, vocabulary } from "../reference/makemore/words.ts";

const body = "emma\nolivia\nava\n";
let server: Server;
let base = "";
const folders: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "gradlings-data-"));
  folders.push(dir);
  return dir;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/names.txt") {
      response.writeHead(200, { "content-length": String(Buffer.byteLength(body)) });
      response.end(body);
    } else if (request.url === "/stall") {
      response.writeHead(200);
      response.write("emm"); // ...and nothing more
    } else {
      response.writeHead(404);
      response.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe("downloading names.txt", () => {
  test("a good download is verified and written", async () => {
    const dir = tempDir();
    const target = join(dir, "names.txt");
    await downloadNames(target, { url: `${base}/names.txt`, sha256: sha256(body) });
    expect(loadWords(target)).toEqual(["emma", "olivia", "ava"]);
    expect(readdirSync(dir)).toEqual(["names.txt"]);
  });

  test("a file with the wrong checksum is refused and nothing is left behind", async () => {
    const dir = tempDir();
    const target = join(dir, "names.txt");
    await expect(downloadNames(target, { url: `${base}/names.txt` })).rejects.toThrow(
      /not the expected names\.txt.*nothing was saved/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a 404 says the status and the address", async () => {
    const target = join(tempDir(), "names.txt");
    await expect(downloadNames(target, { url: `${base}/missing.txt` })).rejects.toThrow(
      /HTTP status 404.*missing\.txt/,
    );
    expect(existsSync(target)).toBe(false);
  });

  test("a refused connection says how to get a copy by hand", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const target = join(tempDir(), "names.txt");
    const attempt = downloadNames(target, { url: `http://127.0.0.1:${port}/names.txt` });
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(attempt).rejects.toThrow(/ECONNREFUSED.*GRADLINGS_NAMES/);
  });

  test("a server that stalls is given up on, quickly", async () => {
    const dir = tempDir();
    const started = performance.now();
    await expect(
      downloadNames(join(dir, "names.txt"), {
        url: `${base}/stall`,
        stallMs: 300,
        timeoutMs: 5000,
      }),
    ).rejects.toThrow(/stalled/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("GRADLINGS_NAMES pointing at a missing file is one sentence", async () => {
    const saved = process.env["GRADLINGS_NAMES"];
    process.env["GRADLINGS_NAMES"] = join(tempDir(), "nowhere.txt");
    try {
      await expect(ensureNames()).rejects.toThrow(
        /GRADLINGS_NAMES points at .*nowhere\.txt, which does not exist/,
      );
    } finally {
      if (saved === undefined) delete process.env["GRADLINGS_NAMES"];
      else process.env["GRADLINGS_NAMES"] = saved;
    }
  });
});

const real = process.env["GRADLINGS_NAMES"] ?? join(defaultDataDir, "names.txt");
describe.skipIf(!existsSync(real))("names.txt, the lecture's numbers", () => {
  const words = existsSync(real) ? loadWords(real) : [];
  test("32033 words of 2 to 15 letters; 228146 bigrams", () => {
    expect(words).toHaveLength(32033);
    expect(Math.min(...words.map((w) => w.length))).toBe(2);
    expect(Math.max(...words.map((w) => w.length))).toBe(15);
    expect(bigrams(words)).toHaveLength(228146);
  });
  test('the vocabulary: "." is 0, a is 1, z is 26', () => {
    const { stoi, itos } = vocabulary(words);
    expect(itos).toHaveLength(27);
    expect([stoi.get("."), stoi.get("a"), stoi.get("z")]).toEqual([0, 1, 26]);
  });
  test("counts n→. 6763, a→. 6640, a→n 5438, .→a 4410", () => {
    const { stoi } = vocabulary(words);
    const N = countBigrams(words, stoi);
    const at = (a: string, b: string) => N.get(stoi.get(a)!, stoi.get(b)!);
    expect([at("n", "."), at("a", "."), at("a", "n"), at(".", "a")]).toEqual([
      6763, 6640, 5438, 4410,
    ]);
  });
});
