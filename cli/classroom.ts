/**
 * npm run classroom -- template OUT
 * npm run classroom -- gradescope OUT.zip
 * npm run classroom -- merge --out DIR INPUT…
 * npm run classroom -- sample-roster DIR [--learners N] [--seed S] [N…]
 *
 * The instructor's tools around `npm run grade`: the repository learners get, the Gradescope
 * autograder, one gradebook from many grading machines, and a made-up class to try it all on.
 * See docs/instructors.md.
 */
import { resolve } from "node:path";
import { curriculum, type Exercise, exerciseByNumber, exerciseBySlug } from "#course/curriculum.ts";
import { displayPath } from "#kit/paths.ts";
import {
  GradebookError,
  gradebookFiles,
  mergeGradebooks,
  readGradebookFile,
  writeGradebook,
} from "./lib/gradebook.ts";
import { GradescopeError, writeGradescopeZip } from "./lib/gradescope.ts";
import { writeSampleRoster } from "./lib/sample-roster.ts";
import { TemplateError, writeTemplate } from "./lib/template.ts";

const usage = `Usage: npm run classroom -- <command>

  template OUT             write the repository learners get into the new folder OUT: the
                           exercises, lessons, graders and kit, no solutions, the manifest
                           written for it, a README for learners, and the grading workflow
  gradescope OUT.zip       write the Gradescope autograder: setup.sh, run_autograder, the kit
                           without solutions, and names.txt (checked against its checksum)
  merge --out DIR INPUT…   one gradebook from several: gradebook.json files (roster shards),
                           and the results.json or report.json files of single learners;
                           a folder INPUT is searched for them
  sample-roster DIR [--learners N] [--seed S] [N…]
                           a made-up class to try the roster on: N learners (default 50),
                           each exercise a stub, a solution or a known mistake, and three
                           learners who loop, crash and flood in the first exercise given`;

class UsageError extends Error {}

/** Where the user typed the command (npm runs scripts from the kit's folder). */
const userCwd = process.env["INIT_CWD"] ?? process.cwd();

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case "template": {
      const [out, extra] = rest;
      if (!out || extra !== undefined) throw new UsageError("template takes one folder.");
      const summary = writeTemplate(resolve(userCwd, out));
      console.log(
        `Wrote the learner template to ${displayPath(summary.out)}: ${summary.files} files, kit digest ${summary.digest}.`,
      );
      console.log(
        "Make it a repository (git init, commit, push) and mark it a template; check that `npm test` and `npm run grade` work in a fresh clone.",
      );
      return 0;
    }
    case "gradescope": {
      const [out, extra] = rest;
      if (!out || extra !== undefined) throw new UsageError("gradescope takes one file name.");
      const summary = writeGradescopeZip(resolve(userCwd, out));
      console.log(
        `Wrote ${displayPath(summary.out)}: ${summary.files} files, ${Math.round(summary.bytes / 1024)} KiB, kit digest ${summary.digest}.`,
      );
      console.log("Upload it as the assignment's autograder (Configure Autograder → Zip file).");
      return 0;
    }
    case "merge": {
      let out: string | undefined;
      const inputs: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const arg = rest[i]!;
        if (arg === "--out") out = rest[++i];
        else if (arg.startsWith("--out=")) out = arg.slice("--out=".length);
        else if (arg.startsWith("-")) throw new UsageError(`Unknown option ${arg}.`);
        else inputs.push(resolve(userCwd, arg));
      }
      if (!out) throw new UsageError("merge needs --out DIR.");
      if (inputs.length === 0) throw new UsageError("merge needs the files or folders to merge.");
      const parts = inputs
        .flatMap(gradebookFiles)
        .map((path) => ({ path: displayPath(path), gradebook: readGradebookFile(path) }));
      const merged = mergeGradebooks(parts);
      const written = writeGradebook(resolve(userCwd, out), merged);
      console.log(
        `Merged ${parts.length} file${parts.length === 1 ? "" : "s"}: ${merged.learners.length} learners × ${merged.exercises.length} exercises. Wrote ${written.map(displayPath).join(", ")}.`,
      );
      return 0;
    }
    case "sample-roster": {
      let folder: string | undefined;
      let learners = 50;
      let seed = 1;
      const chosen: Exercise[] = [];
      for (let i = 0; i < rest.length; i++) {
        const arg = rest[i]!;
        if (arg === "--learners") learners = Number(rest[++i]);
        else if (arg === "--seed") seed = Number(rest[++i]);
        else if (arg.startsWith("-")) throw new UsageError(`Unknown option ${arg}.`);
        else if (folder === undefined) folder = resolve(userCwd, arg);
        else {
          const exercise = /^\d+$/.test(arg) ? exerciseByNumber(Number(arg)) : exerciseBySlug(arg);
          if (!exercise) throw new UsageError(`There is no exercise "${arg}".`);
          chosen.push(exercise);
        }
      }
      if (!folder) throw new UsageError("sample-roster needs a folder.");
      if (!(Number.isInteger(learners) && learners >= 1))
        throw new UsageError("--learners must be a whole number, 1 or more.");
      if (!Number.isInteger(seed)) throw new UsageError("--seed must be a whole number.");
      const exercises =
        chosen.length > 0 ? curriculum.filter((e) => chosen.includes(e)) : curriculum;
      const made = writeSampleRoster(folder, { learners, exercises, seed });
      console.log(
        `Wrote ${made.length} learners to ${displayPath(folder)}. Grade them: npm run grade -- --roster ${displayPath(folder)}`,
      );
      return 0;
    }
    case undefined:
    case "-h":
    case "--help":
      throw new UsageError("");
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    if (error.message) process.stderr.write(`${error.message}\n\n`);
    process.stderr.write(`${usage}\n`);
    process.exitCode = error.message ? 2 : 0;
  } else if (
    error instanceof TemplateError ||
    error instanceof GradescopeError ||
    error instanceof GradebookError
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
