/** A shape as the error messages print it: [27, 27]. */
export function show(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
