/**
 * `npm run data`: fetch names.txt into data/ (or check the copy already there) and say where
 * it is, how many names it has, and its checksum.
 */
import { DataError, ensureNames, loadWords, namesSha256 } from "../reference/makemore/data.ts";

try {
  let last = 0;
  const path = await ensureNames({
    onProgress: (bytes, total) => {
      if (!process.stderr.isTTY || bytes - last < 32_768) return;
      last = bytes;
      process.stderr.write(
        `\rDownloading names.txt: ${Math.round(bytes / 1024)} KiB${total ? ` of ${Math.round(total / 1024)} KiB` : ""}`,
      );
    },
  });
  if (last > 0) process.stderr.write("\n");
  const words = loadWords(path);
  console.log(`names.txt is ready: ${path}`);
  console.log(`${words.length} names, sha256 ${namesSha256} (verified)`);
} catch (error) {
  console.error(
    error instanceof DataError
      ? error.message
      : `Could not prepare names.txt: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}
