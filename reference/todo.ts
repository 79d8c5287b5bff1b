/**
 * Stubs call `todo("...")` where the learner has work to do. The graders recognise the error
 * and say "not implemented yet" instead of reporting a crash.
 */
export class TodoError extends Error {
  override name = "TodoError";
}

export function todo(what: string): never {
  throw new TodoError(what);
}
