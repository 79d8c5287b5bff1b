/**
 * Every line `npm run train` prints fits an 80-column terminal: a longer line is wrapped at its
 * spaces (colour codes kept and not counted), its continuation indented under it, and a progress
 * line, which must stay one line, is cut instead.
 */
import { fitWidth, visibleLength } from "./course-list.ts";

export const terminalColumns = 80;

/** `text` with each of its lines wrapped to `width` visible columns. */
export function wrapColumns(text: string, width = terminalColumns): string {
  return text
    .split("\n")
    .map((line) => wrapLine(line, width))
    .join("\n");
}

function wrapLine(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  const lead = /^ */.exec(line)![0];
  const [first = "", ...words] = line.slice(lead.length).split(" ");
  const lines: string[] = [];
  let current = lead + first;
  for (const word of words) {
    if (visibleLength(current) + 1 + visibleLength(word) > width && current.trim() !== "") {
      lines.push(current);
      // Continuations sit two columns in, so a wrapped line reads as one.
      current = `${lead}  ${word}`;
    } else current = `${current} ${word}`;
  }
  lines.push(current);
  return lines.join("\n");
}

/** console.log, wrapped to 80 columns. */
export function say(text = ""): void {
  console.log(wrapColumns(text));
}

/** A progress line: cut to 80 columns, never wrapped (a wrapped one would scroll the log). */
export function progressLine(text: string): string {
  return fitWidth(text, terminalColumns);
}

/** The list of pictures written, one a line. */
export function sayPictures(label: string, paths: readonly string[]): void {
  say(`${label}:`);
  for (const path of paths) say(`  ${path}`);
}
