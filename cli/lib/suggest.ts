/** "Did you mean …?" for the commands' mistyped names and options. */

/** Levenshtein distance: the fewest insertions, deletions and substitutions from a to b. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Whether a distance is a correction rather than a guess: about a third of the name wrong at most. */
export function isNear(distance: number, name: string): boolean {
  return distance <= Math.max(2, Math.floor(name.length / 3));
}

/** The candidate nearest to `name`, when one is near enough to suggest. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: { distance: number; candidate: string } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { distance, candidate };
  }
  return best && isNear(best.distance, name) ? best.candidate : undefined;
}

/** "Unknown option --stpes; did you mean --steps?" */
export function unknownOption(option: string, known: readonly string[]): string {
  const suggestion = nearest(option, known);
  return `Unknown option ${option}${suggestion ? `; did you mean ${suggestion}?` : "."}`;
}
