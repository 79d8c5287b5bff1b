/**
 * The real names.txt for the checks that grade on it. If the kit cannot get the file, the
 * check is an error of the kit (KitFailure) with the data module's one sentence of what to
 * do: neither the learner's code crashing nor the learner's failure.
 */
import { DataError, ensureNames, loadWords } from "#reference/makemore/data.ts";
import { KitFailure } from "./kit-failure.ts";

export async function realNames(): Promise<string[]> {
  try {
    return loadWords(await ensureNames());
  } catch (error) {
    if (error instanceof DataError) {
      throw new KitFailure(
        `The kit needs names.txt for this check and could not get it (not a problem of your code; tell your instructor): ${error.message}`,
      );
    }
    throw error;
  }
}
