/**
 * `npm run data`: fetch names.txt into data/ (or check the copy already there, or the file
 * GRADLINGS_NAMES points at) and say where it is, how many names it has, and its checksum.
 * `npm run data -- --from FILE` keeps a verified copy of a names.txt you already have in data/.
 * On failure: one sentence saying what to do, and exit code 1 (2 for a mistyped command).
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import {
  DataError,
  defaultDataDir,
  ensureNames,
  loadWords,
  sha256,
} from "#reference/makemore/data.ts";
import { keepVerifiedCopy } from "./lib/names-copy.ts";
import { unknownOption } from "./lib/suggest.ts";

const usage = "Usage: npm run data [-- --from FILE]";

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { from?: string } {
  let from: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--from") {
      from = argv[++i];
      if (from === undefined || from.startsWith("-"))
        throw new UsageError(
          "--from needs the path of your names.txt: npm run data -- --from FILE",
        );
    } else if (arg.startsWith("--from=")) {
      from = arg.slice("--from=".length);
    } else if (arg === "--help" || arg === "-h") {
      throw new UsageError(usage);
    } else {
      throw new UsageError(
        arg.startsWith("-") ? unknownOption(arg, ["--from", "--help"]) : `${usage}`,
      );
    }
  }
  return from === undefined ? {} : { from };
}

async function main(): Promise<void> {
  const { from } = parseArgs(process.argv.slice(2));
  if (from !== undefined) {
    const copy = keepVerifiedCopy(from, defaultDataDir);
    console.log(`Kept a verified copy of names.txt in ${relative(process.cwd(), copy) || copy}.`);
    if (process.env["GRADLINGS_NAMES"])
      console.log("GRADLINGS_NAMES still wins while it is set; unset it to use this copy.");
    return;
  }
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
  if (process.env["GRADLINGS_NAMES"] && resolve(path) !== resolve(defaultDataDir, "names.txt"))
    console.log(
      `To stop exporting GRADLINGS_NAMES in every terminal: npm run data -- --from ${path}`,
    );
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    const message =
      error instanceof DataError
        ? error.message
        : `Could not prepare names.txt (${error instanceof Error ? error.message : String(error)}).`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  }
}
