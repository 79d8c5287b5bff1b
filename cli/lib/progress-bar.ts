/**
 * Progress for long work: clack's bar in a terminal, plain lines every `every` steps
 * otherwise (CI logs, pipes), like the lecture's printed log.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";

export interface Progress {
  /** Call once per step; returns a promise to await every so often so the bar can redraw. */
  step(index: number, message: () => string): Promise<void> | undefined;
  done(message: string): void;
}

export async function progressBar(
  total: number,
  label: string,
  every = Math.max(1, Math.round(total / 10)),
): Promise<Progress> {
  const interactive = process.stdout.isTTY === true && !process.env["CI"];
  if (!interactive) {
    return {
      step(index, message) {
        if (index % every === 0 || index === total - 1)
          console.log(`${String(index).padStart(String(total).length)}/${total}: ${message()}`);
        return undefined;
      },
      done(message) {
        console.log(message);
      },
    };
  }
  const { progress } = await import("@clack/prompts");
  const bar = progress({ max: total, style: "heavy" });
  bar.start(label);
  // A synchronous loop never lets the bar's timer run: advance it and yield every so often.
  const redraw = Math.max(1, Math.round(total / 200));
  let shown = 0;
  return {
    step(index, message) {
      if (index % redraw !== 0 && index !== total - 1) return undefined;
      bar.advance(index + 1 - shown, `${label} · ${message()}`);
      shown = index + 1;
      return yieldToEventLoop();
    },
    done(message) {
      bar.stop(message);
    },
  };
}
