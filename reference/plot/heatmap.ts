/**
 * The lecture's picture of the bigram count table: one cell per pair, shaded by its count,
 * with the pair ("an") and the count written in the cell.
 */
import { blues, svgDocument, text } from "./svg.ts";

export function bigramHeatmap(
  counts: readonly (readonly number[])[],
  itos: readonly string[],
): string {
  const n = counts.length;
  const cell = 36;
  const margin = 24;
  const size = n * cell + 2 * margin;
  const max = Math.max(1, ...counts.flat());
  const body: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = margin + j * cell;
      const y = margin + i * cell;
      const count = counts[i]![j]!;
      const shade = count / max;
      const ink = shade > 0.55 ? "#f0f0f0" : "#555555";
      body.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blues(shade)}"/>`,
      );
      const pair = `${itos[i] ?? "?"}${itos[j] ?? "?"}`;
      body.push(
        text(x + cell / 2, y + 14, pair, { "text-anchor": "middle", "font-size": 10, fill: ink }),
      );
      body.push(
        text(x + cell / 2, y + 28, String(count), {
          "text-anchor": "middle",
          "font-size": 9,
          fill: ink,
        }),
      );
    }
  }
  body.push(
    `<rect x="${margin}" y="${margin}" width="${n * cell}" height="${n * cell}" fill="none" stroke="#999"/>`,
  );
  return svgDocument(size, size, body);
}
