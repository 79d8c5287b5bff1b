/**
 * The backprop lecture's picture of dlogits (plt.imshow(dlogits, cmap='gray')), drawn twice side
 * by side, the learner's and autograd's, on one shared grey scale, with the cells where the two
 * differ beyond allclose outlined in red on both.
 */
import { svgDocument, text } from "./svg.ts";

export interface GradientPanel {
  readonly title: string;
  readonly values: readonly (readonly number[])[];
}

/** Grey from black (the smallest value) to white (the largest), as matplotlib's 'gray' map. */
function grey(t: number): string {
  const level = Math.round(Math.min(1, Math.max(0, t)) * 255);
  const hex = level.toString(16).padStart(2, "0");
  return `#${hex}${hex}${hex}`;
}

/**
 * Two panels of the same shape; `differs[i][j]` marks a cell that does not agree. The scale is
 * shared, so the same value is the same grey in both.
 */
export function gradientHeatmaps(
  left: GradientPanel,
  right: GradientPanel,
  differs: readonly (readonly boolean[])[],
): string {
  const rows = left.values.length;
  const columns = left.values[0]?.length ?? 0;
  const cell = 12;
  const margin = 28;
  const gap = 36;
  const width = columns * cell;
  const height = rows * cell;
  const all = [...left.values.flat(), ...right.values.flat()].filter(Number.isFinite);
  const lo = Math.min(0, ...all);
  const hi = Math.max(0, ...all);
  const span = hi - lo || 1;
  const body: string[] = [];
  const marked = differs.flat().filter(Boolean).length;
  [left, right].forEach((panel, p) => {
    const x0 = margin + p * (width + gap);
    body.push(text(x0, margin - 10, panel.title, { "font-size": 12 }));
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < columns; j++) {
        const v = panel.values[i]?.[j] ?? Number.NaN;
        const fill = Number.isFinite(v) ? grey((v - lo) / span) : "#ff00ff";
        body.push(
          `<rect x="${x0 + j * cell}" y="${margin + i * cell}" width="${cell}" height="${cell}" fill="${fill}"/>`,
        );
      }
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < columns; j++)
        if (differs[i]?.[j])
          body.push(
            `<rect x="${x0 + j * cell + 1}" y="${margin + i * cell + 1}" width="${cell - 2}" height="${cell - 2}" fill="none" stroke="#e0301e" stroke-width="2"/>`,
          );
    body.push(
      `<rect x="${x0}" y="${margin}" width="${width}" height="${height}" fill="none" stroke="#999"/>`,
    );
  });
  const caption =
    marked === 0
      ? `every cell agrees (allclose); grey from ${lo.toPrecision(2)} (black) to ${hi.toPrecision(2)} (white)`
      : `${marked} of ${rows * columns} cells differ (outlined in red); grey from ${lo.toPrecision(2)} (black) to ${hi.toPrecision(2)} (white)`;
  body.push(text(margin, margin + height + 20, caption, { "font-size": 11, fill: "#444" }));
  return svgDocument(2 * width + gap + 2 * margin, height + 2 * margin + 6, body);
}
