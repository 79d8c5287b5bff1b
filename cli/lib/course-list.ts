/**
 * The whole course on one screen: one line per exercise, grouped by track with the track's
 * short name in a left column, so 31 exercises and the lines under them fit a 40-row terminal.
 */
import { stripVTControlCharacters } from "node:util";
import { curriculum, type Exercise, type Track, tracks } from "#course/curriculum.ts";
import type { Standing } from "./progress.ts";
import { dim, statusSymbol } from "./render.ts";

/** "micrograd", "makemore 1": a track's title up to its colon. */
export function trackShortName(track: Track): string {
  const title = tracks.find((t) => t.id === track)!.title;
  return title.split(":")[0]!;
}

const gutter = Math.max(...tracks.map((t) => trackShortName(t.id).length)) + 2;

/**
 * The course's lines: `standingOf` says how each exercise stands; `current`, if given, is
 * marked with ▸ (the one the watch mode is on); `withPoints`: each line ends with its points.
 */
export function courseListLines(
  standingOf: (exercise: Exercise) => Standing,
  current?: Exercise,
  withPoints = true,
): string[] {
  return curriculum.map((exercise, i) => {
    const first = i === 0 || curriculum[i - 1]!.track !== exercise.track;
    const track = (first ? trackShortName(exercise.track) : "").padEnd(gutter);
    const state = standingOf(exercise);
    const note = state === "changed" ? ", changed" : "";
    const mark = exercise === current ? "▸" : " ";
    return fitWidth(
      `${track}${mark}${statusSymbol(state)} ${String(exercise.number).padStart(2)}  ${exercise.title}${withPoints ? ` ${dim(`(${exercise.points} pts${note})`)}` : ""}`,
    );
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal's colour codes start with ESC
const colourCode = /\u001b\[[0-9;]*m/y;

/** Cuts a line (which may hold colour codes) to `width` visible columns, ending it with …. */
export function fitWidth(line: string, width = 80): string {
  if (visibleLength(line) <= width) return line;
  let shown = 0;
  let out = "";
  // Walk the text, copying colour codes whole and counting only what is visible.
  for (let i = 0; i < line.length; i++) {
    colourCode.lastIndex = i;
    const code = colourCode.exec(line);
    if (code) {
      out += code[0];
      i += code[0].length - 1;
      continue;
    }
    if (shown === width - 1) break;
    out += line[i];
    shown += 1;
  }
  // Close any colour left open, so the … and what follows are plain.
  return line.includes("\u001b") ? `${out}\u001b[0m…` : `${out}…`;
}

/** Columns a line takes on screen: its characters less any colour codes. */
export function visibleLength(line: string): number {
  return [...stripVTControlCharacters(line)].length;
}
