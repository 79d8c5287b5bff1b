/**
 * The real names.txt for the checks that grade on it. If the kit cannot get the file, the
 * check fails with the data module's one sentence of what to do — it is not the learner's
 * code that crashed.
 */
import { DataError, ensureNames, loadWords } from "#reference/makemore/data.ts";
import { fail } from "./check.ts";

export async function realNames(): Promise<string[]> {
  try {
    return loadWords(await ensureNames());
  } catch (error) {
    if (error instanceof DataError) {
      fail(`The kit needs names.txt for this check and could not get it: ${error.message}`);
    }
    throw error;
  }
}
