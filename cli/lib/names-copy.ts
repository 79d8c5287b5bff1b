/**
 * `npm run data -- --from FILE`: a names.txt the learner already has, kept as a verified copy
 * in data/, so that GRADLINGS_NAMES need not be exported in every terminal.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DataError, namesSha256, sha256 } from "#reference/makemore/data.ts";
import { writeFileAtomic } from "./progress.ts";

/**
 * Copies `from` to `dataDir`/names.txt when its checksum is the real names.txt's, replacing
 * any copy there at once (a temporary file renamed over it); returns the copy's path. A wrong
 * or missing file throws a DataError, one sentence, and leaves data/ as it was.
 */
export function keepVerifiedCopy(from: string, dataDir: string, expected = namesSha256): string {
  const source = resolve(from);
  if (!existsSync(source))
    throw new DataError(`There is no file at ${source}; give --from the path of your names.txt.`);
  const bytes = readFileSync(source);
  const actual = sha256(bytes);
  if (actual !== expected)
    throw new DataError(
      `${source} is not names.txt (its sha256 is ${actual.slice(0, 12)}…, names.txt's is ${expected.slice(0, 12)}…), so nothing was copied; check the file, or run npm run data without --from to download it.`,
    );
  const target = join(dataDir, "names.txt");
  if (source !== resolve(target)) writeFileAtomic(target, bytes);
  return target;
}
