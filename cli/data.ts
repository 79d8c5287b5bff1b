/**
 * `npm run data`: fetch names.txt into data/ (or check the copy already there, or the file
 * GRADLINGS_NAMES points at) and say where it is, how many names it has, and its checksum.
 * On failure: one sentence saying what to do, and exit code 1.
 */
import { readFileSync } from "node:fs";
import { DataError, ensureNames, loadWords, sha256 } from "#reference/makemore/data.ts";

async function main(): Promise<void> {
  let shown = 0;
  const path = await ensureNames({
    onProgress: (bytes, total) => {
      // Only on a terminal, and not for every chunk.
      if (!process.stderr.isTTY || bytes - shown < 16_384) return;
      shown = bytes;
      const of = total ? ` of ${Math.round(total / 1024)} KiB` : "";
      process.stderr.write(`\rDownloading names.txt: ${Math.round(bytes / 1024)} KiB${of}`);
    },
  });
  if (shown > 0) process.stderr.write("\n");
  const words = loadWords(path);
  console.log(`names.txt is ready: ${path}`);
  console.log(`${words.length} names, sha256 ${sha256(readFileSync(path))} (verified)`);
}

try {
  await main();
} catch (error) {
  const message =
    error instanceof DataError
      ? error.message
      : `Could not prepare names.txt (${error instanceof Error ? error.message : String(error)}).`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
