/**
 * The real names.txt for the checks that grade on it. If the kit cannot get the file, the
 * check stops with a KitFault: the exercise is an error of the kit, with the fix, not a failure
 * of the learner's code.
 */
import { DataError, ensureNames, loadWords } from "#reference/makemore/data.ts";
import { KitFault, missingDataMessage } from "./fault.ts";

export async function realNames(): Promise<string[]> {
  try {
    return loadWords(await ensureNames());
  } catch (error) {
    if (error instanceof DataError)
      throw new KitFault(missingDataMessage("names.txt", error.message));
    throw error;
  }
}
