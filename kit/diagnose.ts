/** Turning whatever learner code did into one sentence a learner can act on. */
import { repoRoot } from "./paths.ts";

function shortenPaths(text: string): string {
  return text.replaceAll(`file://${repoRoot}/`, "").replaceAll(`${repoRoot}/`, "");
}

/**
 * The learner's own line: the first place in the stack outside the kit (its engine, its course,
 * its reference library), node's internals and dependencies. Learner files may live anywhere
 * (an instructor grades folders outside the kit), so a path outside the kit counts as theirs.
 */
function learnerLocation(error: Error): string | undefined {
  for (const line of (error.stack ?? "").split("\n").slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!match) continue;
    const file = shortenPaths(match[1]!);
    if (file.includes("node_modules") || file.startsWith("node:")) continue;
    if (["kit/", "course/", "reference/", "cli/"].some((kit) => file.startsWith(kit))) continue;
    return `${file.replace(/^file:\/\//, "")}:${match[2]}`;
  }
  return undefined;
}

/** What the learner's code did, as a sentence fragment: "exercises/…/file.ts:12 threw TypeError: …". */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return `it threw ${typeof error === "string" ? JSON.stringify(error) : String(error)}, which is not an Error.`;
  }
  if (error.name === "TodoError") {
    return `not implemented yet: ${error.message}`;
  }
  if (error.name === "CheckFailure") return error.message;
  // tsx reports a file that does not parse as esbuild's TransformError, one "file:line:col: ERROR: what" a line.
  const syntax = [...error.message.matchAll(/^(.*?:\d+:\d+): ERROR: (.*)$/gm)];
  if (syntax.length > 0) {
    return `it has a syntax error at ${shortenPaths(syntax[0]![1]!)}: ${syntax[0]![2]}${syntax.length > 1 ? ` (and ${syntax.length - 1} more)` : ""}.`;
  }
  const message = shortenPaths(error.message).split("\n").slice(0, 4).join(" ").trim();
  // The learner's line first: that is where the fix goes, even when the kit raised the error.
  const where = learnerLocation(error);
  let sentence = `${where ?? "it"} threw ${error.name}: ${message}${/[.!?]$/.test(message) ? "" : "."}`;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    sentence +=
      " The recursion went too deep: either it never stops, or a long chain of nodes needs an iterative walk instead of a recursive one.";
  }
  return sentence;
}

/** A value as it would read in code, short enough for one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    return Number.isInteger(value) ? String(value) : formatNumber(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map(describeValue).join(", ");
    return `[${items}${value.length > 8 ? `, … (${value.length} items)` : ""}]`;
  }
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    const text = String(value);
    if (text !== "[object Object]") return text.length > 120 ? `${text.slice(0, 117)}...` : text;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return String(value);
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)) return x.toExponential(6);
  return String(Number(x.toPrecision(8)));
}
