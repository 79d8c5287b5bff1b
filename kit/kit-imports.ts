/**
 * Preloaded into every grading process (`--import`): a learner's folder may live anywhere on
 * disk (an instructor's `--target`, a roster of checkouts), yet its `#reference/...` imports
 * must reach this kit, and its `.ts` files must run as the ES modules they are written as.
 */
import { register } from "node:module";

register("./kit-imports-hooks.ts", import.meta.url);
