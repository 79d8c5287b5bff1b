/** Every report format, from one GradeReport; `npm run grade --format` picks among them. */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { classroomStepFiles, toClassroom } from "./classroom.ts";
import { toGithubSummary } from "./github.ts";
import { toGradescope } from "./gradescope.ts";
import { toJson } from "./json.ts";
import { toJunit } from "./junit.ts";
import type { GradeReport } from "./model.ts";
import { toTerminal } from "./terminal.ts";

export const formats = ["terminal", "json", "gradescope", "junit", "github", "classroom"] as const;
export type Format = (typeof formats)[number];

/** The file each format is written to, in the --out folder. */
export const fileNames: Record<Exclude<Format, "terminal">, string> = {
  json: "report.json",
  gradescope: "results.json",
  junit: "junit.xml",
  github: "summary.md",
  classroom: "classroom.json",
};

export interface WriteOptions {
  readonly out: string;
  readonly formats: readonly Format[];
  readonly color?: boolean;
  /** Where the terminal table goes. */
  readonly write?: (text: string) => void;
  /** $GITHUB_STEP_SUMMARY, when set. */
  readonly stepSummary?: string;
  /** $GITHUB_ENV and $GITHUB_OUTPUT, when set: where the classroom format hands its results on. */
  readonly githubEnv?: string;
  readonly githubOutput?: string;
}

/** Writes every requested format; returns the files written. */
export function writeReports(report: GradeReport, options: WriteOptions): string[] {
  const written: string[] = [];
  mkdirSync(options.out, { recursive: true });
  for (const format of options.formats) {
    if (format === "terminal") {
      (options.write ?? ((t) => process.stdout.write(t)))(
        toTerminal(report, { color: options.color ?? false }),
      );
      continue;
    }
    if (format === "classroom") {
      const runners = toClassroom(report);
      const path = join(options.out, fileNames.classroom);
      writeFileSync(
        path,
        `${JSON.stringify({ runners: runners.map((r) => r.id).join(","), results: Object.fromEntries(runners.map((r) => [r.id, r.result])) }, null, 2)}\n`,
      );
      written.push(path);
      // In GitHub Actions: each result in the variable the reporter reads, and the runner list
      // as the step's output `runners`.
      const step = classroomStepFiles(runners);
      if (options.githubEnv) {
        appendFileSync(options.githubEnv, step.env);
        written.push(options.githubEnv);
      }
      if (options.githubOutput) {
        appendFileSync(options.githubOutput, step.output);
        written.push(options.githubOutput);
      }
      continue;
    }
    const text =
      format === "json"
        ? toJson(report)
        : format === "gradescope"
          ? `${JSON.stringify(toGradescope(report), null, 2)}\n`
          : format === "junit"
            ? toJunit(report)
            : toGithubSummary(report);
    const path = join(options.out, fileNames[format]);
    writeFileSync(path, text);
    written.push(path);
    if (format === "github" && options.stepSummary) {
      appendFileSync(options.stepSummary, text);
      written.push(options.stepSummary);
    }
  }
  return written;
}
