/**
 * npm run manifest [-- --check | --print]
 *
 * Writes course/manifest.json: the sha256 of every file that decides a grade (see
 * kit/manifest.ts). `--check` writes nothing and fails when the manifest is stale;
 * `--print` prints the kit digest an instructor can pin with `npm run grade -- --pin`.
 */
import { writeFileSync } from "node:fs";
import { buildManifest, manifestPath, verifyIntegrity } from "#kit/manifest.ts";

const args = process.argv.slice(2);
const manifest = buildManifest();
if (args.includes("--print")) {
  process.stdout.write(`${manifest.digest}\n`);
} else if (args.includes("--check")) {
  const integrity = verifyIntegrity();
  if (integrity.trusted) {
    process.stdout.write(`course/manifest.json is current (digest ${manifest.digest}).\n`);
  } else {
    process.stderr.write(
      `${integrity.message}\nRun \`npm run manifest\` to record the current files.\n`,
    );
    process.exitCode = 1;
  }
} else if (args.length > 0) {
  process.stderr.write("Usage: npm run manifest [-- --check | --print]\n");
  process.exitCode = 2;
} else {
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(
    `Wrote course/manifest.json: ${Object.keys(manifest.files).length} files, digest ${manifest.digest}.\n`,
  );
}
