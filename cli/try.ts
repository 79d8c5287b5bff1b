/**
 * `npm run try [FILE]`: runs a scratch file of the playground. Without FILE it runs
 * playground/scratch.ts, copied from playground/example.ts the first time; the copy is yours
 * (git ignores playground/ but the example). The file's one import, "#playground", gives the
 * words, your exercises' exports and plotting helpers: see cli/lib/playground.ts.
 */
import { copyFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describeError } from "#kit/diagnose.ts";
import { displayPath, repoRoot } from "#kit/paths.ts";
import { DataError } from "#reference/makemore/data.ts";
import { dim, red, wrap } from "./lib/render.ts";

const usage = `Usage: npm run try [-- FILE]

  npm run try                      run playground/scratch.ts (made from
                                   playground/example.ts the first time)
  npm run try -- playground/my.ts  run another file`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(usage);
    return 0;
  }
  if (argv.length > 1) {
    console.error(`One file at a time.\n\n${usage}`);
    return 2;
  }
  let file: string;
  if (argv[0] === undefined) {
    file = join(repoRoot, "playground", "scratch.ts");
    if (!existsSync(file)) {
      copyFileSync(join(repoRoot, "playground", "example.ts"), file);
      console.log(
        dim(`Made ${displayPath(file)} from the example: it is yours to change (git ignores it).`),
      );
    }
  } else {
    file = resolve(process.cwd(), argv[0]);
    if (!existsSync(file)) {
      console.error(`There is no ${argv[0]}.\n\n${usage}`);
      return 2;
    }
  }
  console.log(dim(`Running ${displayPath(file)}`));
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof DataError) console.error(red(wrap(error.message)));
    else console.error(red(wrap(`${displayPath(file)} stopped: ${describeError(error)}`)));
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
