/**
 * A GitHub Actions step summary: Markdown with a table of exercises, what failed and why,
 * and where the grade came from. Appended to $GITHUB_STEP_SUMMARY by `npm run grade`.
 */
import { formatDuration, formatPoints, type GradeReport } from "./model.ts";

const icons: Record<string, string> = {
  passed: "✅ passed",
  failed: "❌ failed",
  error: "💥 error",
  timeout: "⏱️ timeout",
};

/** Table cells: one line, pipes escaped, HTML-ish characters neutralised. */
function cell(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|");
}

export function toGithubSummary(report: GradeReport): string {
  const { totals, provenance, integrity } = report;
  const out: string[] = [];
  out.push(`## gradlings: ${formatPoints(totals.earned)} / ${formatPoints(totals.points)} points`);
  out.push("");
  out.push(
    `${totals.passed} of ${totals.exercises} exercises passed` +
      (totals.failed ? `, ${totals.failed} failed` : "") +
      (totals.error ? `, ${totals.error} error` : "") +
      (totals.timeout ? `, ${totals.timeout} timeout` : "") +
      ".",
  );
  out.push("");
  out.push(
    integrity.trusted
      ? `🔒 ${cell(integrity.message)}`
      : `> [!WARNING]\n> ${cell(integrity.message)}`,
  );
  out.push("");
  out.push("| # | Exercise | Status | Points | Time |");
  out.push("|---:|---|---|---:|---:|");
  for (const e of report.exercises) {
    out.push(
      `| ${e.number} | ${cell(e.title)} | ${icons[e.status] ?? e.status} | ${formatPoints(e.earned)} / ${formatPoints(e.points)} | ${formatDuration(e.durationMs)} |`,
    );
  }
  const notPassed = report.exercises.filter((e) => e.status !== "passed");
  if (notPassed.length > 0) {
    out.push("");
    out.push("### What to fix");
    for (const e of notPassed) {
      out.push("");
      out.push(`<details><summary><b>${e.number}. ${cell(e.title)}</b>: ${e.status}</summary>`);
      out.push("");
      if (e.message) out.push(`${cell(e.message)}`, "");
      for (const c of e.checks.filter((c) => c.status !== "passed")) {
        out.push(
          `- **${cell(c.title)}** (${formatPoints(c.earned)}/${formatPoints(c.points)}, ${c.status}): ${cell(c.message)}`,
        );
      }
      out.push("", "</details>");
    }
  }
  out.push("");
  out.push(
    `<sub>kit ${cell(provenance.kit.version)} · graders sha256 \`${provenance.gradersHash.slice(0, 12)}\` · exercise list \`${provenance.curriculumHash.slice(0, 12)}\` · seed ${provenance.seed ?? "secret"} · Node ${provenance.node} · ${provenance.date}</sub>`,
  );
  return `${out.join("\n")}\n`;
}
