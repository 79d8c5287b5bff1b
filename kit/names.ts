/**
 * The real names.txt for the checks that grade on it. If the kit cannot get the file, the
 * check stops with a KitFailure: the exercise is an error of the kit, with the fix, neither the
 * learner's code crashing nor the learner's failure.
 */
import { DataError, ensureNames, loadWords } from "#reference/makemore/data.ts";
import { KitFailure, missingDataMessage } from "./kit-failure.ts";

export async function realNames(): Promise<string[]> {
  try {
    return loadWords(await ensureNames());
  } catch (error) {
    if (error instanceof DataError)
      throw new KitFailure(missingDataMessage("names.txt", error.message));
    throw error;
  }
}
