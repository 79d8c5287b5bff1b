/**
 * Lines from stdin, read synchronously: a grading process (the kit's child, the mutation run's
 * server) takes one request per line and runs nothing else while it waits.
 */
import { readSync } from "node:fs";

/** The next line of stdin (a last line without a newline included), or undefined once it is closed. */
export const readStdinLine = (() => {
  const buffer = Buffer.alloc(65536);
  const decoder = new TextDecoder();
  let pending = "";
  return (): string | undefined => {
    for (;;) {
      const newline = pending.indexOf("\n");
      if (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        return line;
      }
      let bytes: number;
      try {
        bytes = readSync(0, buffer, 0, buffer.length, null);
      } catch (error) {
        // Learner code that touched process.stdin made the pipe non-blocking: wait and retry.
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") return undefined;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (bytes === 0) {
        const last = pending;
        pending = "";
        return last === "" ? undefined : last;
      }
      pending += decoder.decode(buffer.subarray(0, bytes), { stream: true });
    }
  };
})();
