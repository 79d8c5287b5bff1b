/** Terminal output shared by the runner and the grade command: symbols, colour, results. */
import type { Exercise } from "#course/curriculum.ts";
import type { CheckResult, ExerciseResult } from "#kit/results.ts";

const useColour =
  process.stdout.isTTY === true && !("NO_COLOR" in process.env) && process.env["TERM"] !== "dumb";

function paint(code: number, reset: number) {
  return (text: string) => (useColour ? `\u001b[${code}m${text}\u001b[${reset}m` : text);
}

export const green = paint(32, 39);
export const red = paint(31, 39);
export const yellow = paint(33, 39);
export const dim = paint(2, 22);
export const bold = paint(1, 22);
export const cyan = paint(36, 39);

export function statusSymbol(
  status: CheckResult["status"] | ExerciseResult["status"] | "untried" | "changed" | "failing",
): string {
  switch (status) {
    case "passed":
      return green("✔");
    // Passed once, but the files have changed since: not a ✔ until graded again.
    case "changed":
      return yellow("✎");
    case "failed":
    case "failing":
    case "error":
      return red("✘");
    case "timeout":
      return red("⏱");
    case "not-run":
    case "untried":
      return dim("·");
  }
}

export function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

/** Wraps a paragraph at `width` columns, keeping words whole (the terminal's 80 by default). */
export function wrap(text: string, width = 80): string {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      if (line.length > 0 && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else {
        line = line.length > 0 ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines.join("\n");
}

/**
 * "Exercise 3 · title" and the files being graded (`folder`: where they are, as shown), on
 * one line when they fit in 80 columns, else on two.
 */
export function exerciseHeading(exercise: Exercise, folder = `exercises/${exercise.slug}`): string {
  const title = `Exercise ${exercise.number} · ${exercise.title}`;
  const files = exercise.files.map((f) => `${folder}/${f}`).join(", ");
  return title.length + 2 + files.length <= 80
    ? `${bold(title)}  ${dim(files)}`
    : `${bold(title)}\n${dim(files)}`;
}

/**
 * Code the learner can copy: a rule above and below, and nothing on the lines themselves,
 * so that selecting the lines in a terminal copies code that runs.
 */
export function codeBox(code: string, caption: string): string {
  const lines = code.replace(/\s+$/, "").split("\n");
  const width = Math.min(Math.max(...lines.map((l) => l.length), caption.length + 4), 75);
  return [
    dim(`  ┌─ ${caption} ${"─".repeat(Math.max(2, width - caption.length - 1))}`),
    indent(lines.join("\n"), "    "),
    dim(`  └${"─".repeat(width + 2)}`),
  ].join("\n");
}

/** The checks, one line each, then the first failure in full. */
export function renderResult(result: ExerciseResult & { output?: string }, replay: string): string {
  const out: string[] = [];
  // Each line fits 80 columns: "  ✔ " (4), the title, two spaces, the score.
  const scoreWidth = Math.max(...result.checks.map((c) => `${c.earned}/${c.points}`.length), 3);
  const titleRoom = 80 - 4 - 2 - scoreWidth;
  const width = Math.min(Math.max(...result.checks.map((c) => c.title.length), 20), titleRoom);
  for (const check of result.checks) {
    // A long title wraps under itself, its score on its first line.
    const [first = "", ...rest] = wrap(check.title, width).split("\n");
    out.push(
      `  ${statusSymbol(check.status)} ${first.padEnd(width)}  ${dim(`${check.earned}/${check.points}`)}`,
      ...rest.map((line) => `    ${line}`),
    );
  }
  // Notes cost no points, but say something worth knowing; shown whatever the verdict.
  for (const check of result.checks)
    for (const note of check.notes ?? [])
      out.push("", `${yellow("Note")} ${bold(check.title)}`, indent(wrap(note, 78), "  "));
  const first = result.checks.find((c) => c.status !== "passed");
  if (result.message && (!first || first.message !== result.message)) {
    out.push(
      "",
      wrap(`${result.status === "timeout" ? red("Time is up. ") : ""}${result.message}`),
    );
  }
  if (first && first.status !== "not-run") {
    out.push("", `${red("✘")} ${bold(first.title)}`, indent(wrap(first.message, 78), "  "));
    if (first.code) out.push("", codeBox(first.code, "the smallest input that fails"));
    if (!first.message.startsWith("Not implemented yet"))
      out.push("", dim(`  Replay exactly this run: ${replay}`));
  }
  if (result.output && result.output.trim() !== "" && result.status !== "passed") {
    const lines = result.output.trim().split("\n");
    const shown = lines.slice(-15);
    out.push(
      "",
      dim(
        `  Your code printed${lines.length > shown.length ? ` (last ${shown.length} lines)` : ""}:`,
      ),
      indent(shown.join("\n"), `  ${dim("│")} `),
    );
  }
  return out.join("\n");
}
