/**
 * A line chart: the loss per step, the learning-rate sweep. A long series (200,000 steps)
 * is drawn as its minimum and maximum in each pixel column, which looks the same as drawing
 * every point and keeps the file small.
 */
import { extent, niceTicks, round, svgDocument, text } from "./svg.ts";

export interface Series {
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly label?: string;
  readonly color?: string;
}

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
  /** Room for the legend's labels at the top right (150 pixels unless given). */
  readonly legendWidth?: number;
}

const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

export function lineChart(chart: LineChart): string {
  const width = chart.width ?? 800;
  const height = chart.height ?? 500;
  const left = 70;
  const right = 20;
  const top = 40;
  const bottom = 55;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  let [xLo, xHi] = extent(chart.series.flatMap((s) => extent(s.x)));
  let [yLo, yHi] = extent(chart.series.flatMap((s) => extent(s.y)));
  if (!(xHi > xLo)) [xLo, xHi] = [xLo - 1, xLo + 1];
  if (!(yHi > yLo)) [yLo, yHi] = [yLo - 1, yLo + 1];
  const pad = (yHi - yLo) * 0.05;
  [yLo, yHi] = [yLo - pad, yHi + pad];
  const px = (x: number) => left + ((x - xLo) / (xHi - xLo)) * plotWidth;
  const py = (y: number) => top + (1 - (y - yLo) / (yHi - yLo)) * plotHeight;

  const body: string[] = [];
  for (const t of niceTicks(yLo, yHi)) {
    body.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${round(py(t))}" y2="${round(py(t))}" stroke="#e5e5e5"/>`,
    );
    body.push(
      text(left - 8, py(t) + 4, String(t), { "text-anchor": "end", "font-size": 12, fill: "#333" }),
    );
  }
  for (const t of niceTicks(xLo, xHi)) {
    body.push(
      `<line x1="${round(px(t))}" x2="${round(px(t))}" y1="${top}" y2="${top + plotHeight}" stroke="#e5e5e5"/>`,
    );
    body.push(
      text(px(t), top + plotHeight + 18, String(t), {
        "text-anchor": "middle",
        "font-size": 12,
        fill: "#333",
      }),
    );
  }
  const legend = chart.legendWidth ?? 150;
  const labels: string[] = [];
  chart.series.forEach((series, k) => {
    const color = series.color ?? palette[k % palette.length]!;
    body.push(
      `<polyline fill="none" stroke="${color}" stroke-width="1.2" points="${envelope(series, px, py, plotWidth)}"/>`,
    );
    if (series.label) {
      const y = top + 16 + (labels.length / 2) * 18;
      labels.push(
        `<line x1="${left + plotWidth - legend}" x2="${left + plotWidth - legend + 20}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"/>`,
        text(left + plotWidth - legend + 26, y + 4, series.label, {
          "font-size": 12,
          fill: "#333",
        }),
      );
    }
  });
  // The legend last, on a white ground, so that no line crosses its words.
  if (labels.length > 0) {
    body.push(
      `<rect x="${left + plotWidth - legend - 6}" y="${top + 5}" width="${legend}" height="${(labels.length / 2) * 18 + 6}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`,
      ...labels,
    );
  }
  body.push(
    `<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`,
  );
  body.push(
    text(width / 2, 24, chart.title, {
      "text-anchor": "middle",
      "font-size": 16,
      "font-weight": "bold",
    }),
  );
  body.push(
    text(left + plotWidth / 2, height - 14, chart.xLabel, {
      "text-anchor": "middle",
      "font-size": 13,
    }),
  );
  body.push(
    text(18, top + plotHeight / 2, chart.yLabel, {
      "text-anchor": "middle",
      "font-size": 13,
      transform: `rotate(-90 18 ${round(top + plotHeight / 2)})`,
    }),
  );
  return svgDocument(width, height, body);
}

/** The points of a polyline: every point, or per pixel column its first, min, max and last. */
function envelope(
  series: Series,
  px: (x: number) => number,
  py: (y: number) => number,
  columns: number,
): string {
  const points: string[] = [];
  const n = Math.min(series.x.length, series.y.length);
  if (n <= columns * 2) {
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(series.y[i]!))
        points.push(`${round(px(series.x[i]!))},${round(py(series.y[i]!))}`);
    }
    return points.join(" ");
  }
  let column = -1;
  let lo = Infinity;
  let hi = -Infinity;
  const flush = () => {
    if (column >= 0 && hi >= lo)
      points.push(`${column},${round(py(hi))}`, `${column},${round(py(lo))}`);
  };
  for (let i = 0; i < n; i++) {
    const y = series.y[i]!;
    if (!Number.isFinite(y)) continue;
    const c = Math.round(px(series.x[i]!));
    if (c !== column) {
      flush();
      column = c;
      lo = Infinity;
      hi = -Infinity;
    }
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  flush();
  return points.join(" ");
}
