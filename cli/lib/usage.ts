/** A command line the tool cannot take: its message is printed above the usage text. */
export class UsageError extends Error {}

/**
 * The options `parse` makes of `argv`, or the exit code after printing the usage text: 0 when
 * help was asked for (a UsageError without a message), 2 for a command line it cannot take.
 */
export function parseOrUsage<T>(
  parse: (argv: readonly string[]) => T,
  argv: readonly string[],
  usage: string,
): T | number {
  try {
    return parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n\n`);
    process.stderr.write(`${usage}\n`);
    return error.message ? 2 : 0;
  }
}
