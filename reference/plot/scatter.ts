/**
 * The lecture's picture of a 2-D character embedding: one big dot per character with the
 * character written in it, so that letters the network treats alike sit close together.
 */
import { extent, niceTicks, round, svgDocument, text } from "./svg.ts";

export function embeddingScatter(
  points: readonly (readonly [number, number])[],
  labels: readonly string[],
  title = "Character embeddings (2-D)",
): string {
  const size = 720;
  const margin = 60;
  const plot = size - 2 * margin;
  const [xMin, xMax] = extent(points.map((p) => p[0]));
  const [yMin, yMax] = extent(points.map((p) => p[1]));
  const span = Math.max(xMax - xMin, yMax - yMin, 1e-6) * 1.15;
  const cx = (xMax + xMin) / 2;
  const cy = (yMax + yMin) / 2;
  const [xLo, yLo] = [cx - span / 2, cy - span / 2];
  const px = (x: number) => margin + ((x - xLo) / span) * plot;
  const py = (y: number) => margin + (1 - (y - yLo) / span) * plot;
  const body: string[] = [];
  for (const t of niceTicks(xLo, xLo + span)) {
    body.push(
      `<line x1="${round(px(t))}" x2="${round(px(t))}" y1="${margin}" y2="${margin + plot}" stroke="#ddd"/>`,
    );
    body.push(
      text(px(t), margin + plot + 18, String(t), { "text-anchor": "middle", "font-size": 12 }),
    );
  }
  for (const t of niceTicks(yLo, yLo + span)) {
    body.push(
      `<line x1="${margin}" x2="${margin + plot}" y1="${round(py(t))}" y2="${round(py(t))}" stroke="#ddd"/>`,
    );
    body.push(text(margin - 8, py(t) + 4, String(t), { "text-anchor": "end", "font-size": 12 }));
  }
  points.forEach(([x, y], i) => {
    body.push(`<circle cx="${round(px(x))}" cy="${round(py(y))}" r="13" fill="#1f77b4"/>`);
    body.push(
      text(px(x), py(y) + 5, labels[i] ?? "?", {
        "text-anchor": "middle",
        "font-size": 14,
        fill: "white",
      }),
    );
  });
  body.push(
    `<rect x="${margin}" y="${margin}" width="${plot}" height="${plot}" fill="none" stroke="#333"/>`,
  );
  body.push(
    text(size / 2, 30, title, { "text-anchor": "middle", "font-size": 16, "font-weight": "bold" }),
  );
  return svgDocument(size, size, body);
}
