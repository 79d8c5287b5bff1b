/**
 * JUnit XML, as CI systems read it: one <testsuite> per exercise, one <testcase> per check,
 * with <failure> for a failed check, <error> for a crash or a time-out, <skipped> for a check
 * that never ran. The provenance goes in <properties>.
 */
import { checksOrWhole, type GradeReport } from "./model.ts";

/** Text safe inside an XML attribute or element: escaped, and without characters XML forbids. */
export function xmlEscape(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (!allowed) continue;
    switch (ch) {
      case "&":
        out += "&amp;";
        break;
      case "<":
        out += "&lt;";
        break;
      case ">":
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case "'":
        out += "&apos;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${xmlEscape(String(value))}"`)
    .join("");
}

export function toJunit(report: GradeReport): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = report.exercises.map((e) => checksOrWhole(e));
  const untrusted = report.integrity.trusted ? 0 : 1;
  const count = (keep: (status: string) => boolean) =>
    all.flat().filter((c) => keep(c.status)).length;
  lines.push(
    `<testsuites${attributes({
      name: "gradlings",
      tests: all.flat().length + untrusted,
      failures: count((s) => s === "failed") + untrusted,
      errors: count((s) => s === "error" || s === "timeout"),
      skipped: count((s) => s === "not-run"),
      time: seconds(report.totals.durationMs),
    })}>`,
  );
  const { provenance, integrity } = report;
  const properties: Record<string, string> = {
    "kit.version": provenance.kit.version,
    "graders.sha256": provenance.gradersHash,
    "curriculum.sha256": provenance.curriculumHash,
    "kit.digest": provenance.kitDigest,
    seed: provenance.seed === null ? "secret" : String(provenance.seed),
    node: provenance.node,
    date: provenance.date,
    target: provenance.target,
    trusted: String(integrity.trusted),
    integrity: integrity.message,
  };
  report.exercises.forEach((exercise, i) => {
    const checks = all[i]!;
    lines.push(
      `  <testsuite${attributes({
        name: `${exercise.slug}: ${exercise.title}`,
        tests: checks.length,
        failures: checks.filter((c) => c.status === "failed").length,
        errors: checks.filter((c) => c.status === "error" || c.status === "timeout").length,
        skipped: checks.filter((c) => c.status === "not-run").length,
        time: seconds(exercise.durationMs),
        timestamp: provenance.date,
      })}>`,
    );
    lines.push("    <properties>");
    for (const [name, value] of Object.entries({
      ...properties,
      points: String(exercise.points),
      earned: String(exercise.earned),
      status: exercise.status,
    }))
      lines.push(`      <property${attributes({ name, value })}/>`);
    lines.push("    </properties>");
    for (const check of checks) {
      const open = `    <testcase${attributes({
        classname: exercise.slug,
        name: `${check.id}: ${check.title} (${check.earned}/${check.points})`,
        time: seconds(check.durationMs),
      })}`;
      const body = [check.message, check.code ?? ""].filter((t) => t !== "").join("\n\n");
      if (check.status === "passed") {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      const first = check.message.split("\n")[0] ?? "";
      if (check.status === "failed")
        lines.push(
          `      <failure${attributes({ message: first, type: check.mistake ?? "failed" })}>${xmlEscape(body)}</failure>`,
        );
      else if (check.status === "not-run")
        lines.push(`      <skipped${attributes({ message: first })}/>`);
      else
        lines.push(
          `      <error${attributes({ message: first, type: check.status })}>${xmlEscape(body)}</error>`,
        );
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  });
  if (!integrity.trusted) {
    lines.push(
      `  <testsuite${attributes({ name: "grader-integrity", tests: 1, failures: 1, errors: 0, skipped: 0, time: "0.000" })}>`,
      `    <testcase${attributes({ classname: "grader-integrity", name: "graders match the released kit", time: "0.000" })}>`,
      `      <failure${attributes({ message: integrity.message, type: "not-trusted" })}>${xmlEscape(integrity.message)}</failure>`,
      "    </testcase>",
      "  </testsuite>",
    );
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
