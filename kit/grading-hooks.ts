/**
 * Preloaded into every grading process (`--import`, before the import watch): registers
 * target-hooks.ts for the target the process grades (GRADLINGS_TARGET), and, in a process that
 * may grade more than one exercise, receives each module of the kit as it finishes loading, for
 * isolation.ts. Loaded before the hooks exist, so the modules it imports are recorded by hand.
 */
import { realpathSync } from "node:fs";
import { register } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as isolation from "./isolation.ts";
import * as paths from "./paths.ts";
import * as referenceCalls from "./reference-calls.ts";

const root = paths.targetRoot();
let target: string;
try {
  target = realpathSync(root);
} catch {
  target = root; // A missing target: every load fails with the loader's own sentence.
}

// A process that grades one exercise only (GRADLINGS_ISOLATION=off) has nothing to check it for.
const record = process.env["GRADLINGS_ISOLATION"] !== "off";
if (record) {
  (globalThis as Record<symbol, unknown>)[Symbol.for("gradlings.module-loaded")] =
    isolation.recordModule;
  isolation.recordModule(import.meta.url, paths);
  isolation.recordModule(import.meta.url, isolation);
  isolation.recordModule(import.meta.url, referenceCalls);
}

register("./target-hooks.ts", import.meta.url, {
  data: {
    target: `${pathToFileURL(target).href.replace(/\/$/, "")}/`,
    kitPackage: pathToFileURL(join(paths.repoRoot, "package.json")).href,
    record,
    observed: Object.fromEntries(
      Object.entries(referenceCalls.observedByUrl()).map(([url, names]) => [
        url,
        referenceCalls.wrapperSource(names),
      ]),
    ),
  },
});
