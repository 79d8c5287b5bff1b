/** The terminal table: one line per exercise, then what did not pass, then the provenance. */
import { formatDuration, formatPoints, type GradeReport } from "./model.ts";

export interface TerminalOptions {
  readonly color?: boolean;
}

export function toTerminal(report: GradeReport, options: TerminalOptions = {}): string {
  const paint = (code: string, text: string) =>
    options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const statusColor: Record<string, string> = {
    passed: "32",
    failed: "31",
    error: "35",
    timeout: "33",
  };
  const rows = report.exercises.map((e) => [
    String(e.number).padStart(2, " "),
    e.title,
    e.status,
    `${formatPoints(e.earned)}/${formatPoints(e.points)}`,
    formatDuration(e.durationMs),
  ]);
  const headers = ["#", "Exercise", "Status", "Points", "Time"];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[], colorStatus = false) =>
    cells
      .map((c, i) => {
        const padded = i === 0 || i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!);
        return colorStatus && i === 2 ? paint(statusColor[c] ?? "0", padded) : padded;
      })
      .join("  ")
      .trimEnd();
  const out = [line(headers), widths.map((w) => "─".repeat(w)).join("  ")];
  for (const row of rows) out.push(line(row, true));
  const { totals } = report;
  out.push(widths.map((w) => "─".repeat(w)).join("  "));
  out.push(
    `Total: ${formatPoints(totals.earned)}/${formatPoints(totals.points)} points, ${totals.passed} of ${totals.exercises} exercises passed in ${formatDuration(totals.durationMs)}.`,
  );
  for (const e of report.exercises.filter((e) => e.status !== "passed")) {
    const first = e.checks.find((c) => c.status !== "passed");
    const why = e.message || first?.message || "";
    out.push(
      `  ${e.number}. ${e.title}: ${first && !e.message ? `${first.title}: ` : ""}${why.split("\n")[0]}`,
    );
  }
  out.push("");
  out.push(
    report.integrity.trusted ? report.integrity.message : paint("1;31", report.integrity.message),
  );
  const p = report.provenance;
  out.push(
    `kit ${p.kit.version} · graders ${p.gradersHash.slice(0, 12)} · exercise list ${p.curriculumHash.slice(0, 12)} · seed ${p.seed ?? "secret"} (${p.seedSource}) · Node ${p.node} · ${p.date}`,
  );
  return `${out.join("\n")}\n`;
}
