/**
 * Progress for long work, with an estimate of the time left: a bar redrawn in place in a
 * terminal, plain lines every `every` steps otherwise (CI logs, pipes), like the lecture's
 * printed log. The bar is drawn as the steps are reported, not by a timer, so a loop that never
 * yields (the neural bigram's) still shows it moving.
 */
import { progressLine, say } from "./columns.ts";
import { fitWidth } from "./course-list.ts";
import { dim } from "./render.ts";

export interface Progress {
  /** Call once per step (0-based). Returns nothing to wait for; kept a promise for callers that await it. */
  step(index: number, message: () => string): Promise<void> | undefined;
  done(message: string): void;
}

/** No estimate before this much time has passed: the first steps' pace says little. */
const settleMs = 2000;

/**
 * "about 40 s left", from the pace so far: `done` of `total` steps in `elapsedMs`. Undefined
 * while there is too little to go on.
 */
export function timeLeft(elapsedMs: number, done: number, total: number): string | undefined {
  if (elapsedMs < settleMs || done <= 0 || done >= total) return undefined;
  const seconds = Math.ceil(((elapsedMs / done) * (total - done)) / 1000);
  return `about ${duration(seconds)} left`;
}

/** 45 s, 3 min 20 s, 1 h 5 min: as precise as a person reads it. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return minutes >= 10 || rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest === 0 ? "" : ` ${rest} min`}`;
}

export async function progressBar(
  total: number,
  label: string,
  every = Math.max(1, Math.round(total / 10)),
  now: () => number = () => performance.now(),
): Promise<Progress> {
  const interactive = process.stdout.isTTY === true && !process.env["CI"];
  const started = now();
  const estimate = (index: number) => {
    const left = timeLeft(now() - started, index + 1, total);
    return left ? ` · ${left}` : "";
  };
  if (!interactive) {
    return {
      step(index, message) {
        if (index % every === 0 || index === total - 1)
          console.log(
            progressLine(
              `${String(index).padStart(String(total).length)}/${total}: ${message()}${estimate(index)}`,
            ),
          );
        return undefined;
      },
      done(message) {
        say(message);
      },
    };
  }
  let drawnAt = Number.NEGATIVE_INFINITY;
  const width = 20;
  return {
    step(index, message) {
      const time = now();
      // Ten redraws a second are smooth enough and cost the loop nothing it would notice.
      if (time - drawnAt < 100 && index !== total - 1) return undefined;
      drawnAt = time;
      const filled = Math.round((width * (index + 1)) / total);
      const bar = `${"━".repeat(filled)}${dim("─".repeat(width - filled))}`;
      const line = `${bar} ${label} · ${message()}${estimate(index)}`;
      const columns = Math.min(process.stdout.columns || 80, 80);
      process.stdout.write(`\r\u001b[2K${fitWidth(line, columns - 1)}`);
      return undefined;
    },
    done(message) {
      process.stdout.write("\r\u001b[2K");
      say(message);
    },
  };
}
